import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { isAutoSite, sitePattern } from '../../lib/extension/sites';
import { t } from '../../utils/i18n';

/**
 * Switch a site on or off: the host permission is asked for at this moment (never at install); the background
 * then runs the detector there by itself.
 */
export function SiteSwitch({ url }: { url: string }) {
  const pattern = sitePattern(url);
  const [granted, setGranted] = useState<boolean | undefined>(undefined);
  const [denied, setDenied] = useState(false);
  useEffect(() => {
    if (!pattern || isAutoSite(url)) return;
    void browser.permissions.contains({ origins: [pattern] }).then(setGranted, () => setGranted(false));
  }, [pattern, url]);
  if (isAutoSite(url))
    return (
      <p class="site-note" data-testid="site-auto">
        {t('siteAuto')}
      </p>
    );
  if (!pattern || granted === undefined) return null;
  const host = new URL(url).hostname;
  const toggle = async (): Promise<void> => {
    setDenied(false);
    if (granted) {
      await browser.permissions.remove({ origins: [pattern] }).catch(() => false);
      setGranted(false);
      return;
    }
    // Must run in the click's own turn: the browser asks the user.
    const ok = await browser.permissions.request({ origins: [pattern] }).catch(() => false);
    setGranted(ok);
    setDenied(!ok);
  };
  return (
    <div class="site-switch">
      <button type="button" data-testid="site-switch" aria-pressed={granted} onClick={() => void toggle()}>
        {granted ? t('siteSwitchOff', host) : t('siteSwitchOn', host)}
      </button>
      <p class="site-note">{denied ? t('siteSwitchDenied') : t('siteSwitchHint')}</p>
    </div>
  );
}
