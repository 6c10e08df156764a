/**
 * Entry point of the Jumeau page: a local DICOM viewer that turns a CT/MR study into a patient volume.
 * Nothing here sends data anywhere: files are read by a worker of this page.
 */
import './ui/styles.css';
import { App } from './ui/app';
import { LoadClient } from './workers/loadClient';

const root = document.querySelector<HTMLElement>('[data-testid="app"]');
if (!root) throw new Error('index.html has no app root');
const app = new App(root, new LoadClient());
void app.init();
