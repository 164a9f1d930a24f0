import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';

// See https://wxt.dev/api/config.html
export default defineConfig({
  srcDir: '.',
  entrypointsDir: 'entrypoints',
  vite: () => ({
    plugins: [preact()],
  }),
  manifest: {
    name: '预算透镜 budget-lens',
    description: 'Checks the arithmetic of Chinese government budget disclosures on the page you read.',
    permissions: ['activeTab', 'storage'],
  },
});
