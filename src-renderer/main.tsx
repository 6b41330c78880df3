import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { useStore } from './store';
import { applyTheme } from './theme';
import { SECTIONS } from './features/registry';
import './styles/app.css';

// Before the first render, so nothing is ever drawn in the other theme; then on every change of the preference.
let stopTheme = applyTheme(useStore.getState().theme);
useStore.subscribe((state, previous) => {
  if (state.theme === previous.theme) return;
  stopTheme();
  stopTheme = applyTheme(state.theme);
});

// The section shown first is fetched alongside the connection list, not after it.
void SECTIONS.find((s) => s.id === useStore.getState().section)
  ?.View.preload()
  .catch(() => undefined);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
