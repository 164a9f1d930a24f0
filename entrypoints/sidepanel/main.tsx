import { render } from 'preact';
import { SidePanelApp } from '../../components/sidepanel/SidePanelApp';
import { t, uiLang } from '../../utils/i18n';
import '../../components/theme.css';
import '../../components/notes/notes.css';
import '../../components/sidepanel/report.css';
import './style.css';

document.documentElement.lang = uiLang() === 'en' ? 'en' : 'zh-CN';
document.title = t('extName');
render(<SidePanelApp search={location.search} />, document.getElementById('app')!);
