import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { gatewayUrl, messageOf } from './api/client';
import './styles.css';

const root = createRoot(document.getElementById('root')!);

// The gateway's address comes from /config.json; everything waits for it.
gatewayUrl()
  .then(() =>
    root.render(
      <StrictMode>
        <App />
      </StrictMode>,
    ),
  )
  .catch((error: unknown) => root.render(<p role="alert">The shop could not start: {messageOf(error)}</p>));
