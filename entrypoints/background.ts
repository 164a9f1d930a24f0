export default defineBackground(() => {
  // The background holds no state yet; the audit engine runs in the page (lib/).
});
