import { render } from 'preact';
import { NotesApp } from '../../components/notes/NotesPage';
import { t, uiLang } from '../../utils/i18n';
import '../../components/theme.css';
import '../../components/notes/notes.css';
import '../../components/shared/file-drop-page.css';
import './style.css';

document.documentElement.lang = uiLang() === 'en' ? 'en' : 'zh-CN';
document.title = t('np_title');
render(<NotesApp />, document.getElementById('app')!);
