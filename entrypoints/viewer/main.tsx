import { render } from 'preact';
import { OVERLAY_CSS } from '../../components/marks/style';
import { ViewerApp } from '../../components/viewer/ViewerApp';
import { t, uiLang } from '../../utils/i18n';
import '../../components/theme.css';
import '../../components/notes/notes.css';
import '../../components/sidepanel/report.css';
import './style.css';

/**
 * The PDF viewer (/viewer.html?src=<url> or ?file): pdf.js renders the pages, the engine audits their tables and
 * the marks are the page overlay's own (its stylesheet, added here as text: the viewer is an extension page, so no
 * shadow root is needed to keep a page's CSS away).
 */
document.documentElement.lang = uiLang() === 'en' ? 'en' : 'zh-CN';
document.title = t('pv_heading');
const style = document.createElement('style');
style.textContent = OVERLAY_CSS;
document.head.append(style);
render(<ViewerApp />, document.getElementById('app')!);
