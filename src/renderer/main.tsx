import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createApiClient } from '../shared/api-client.js';
import { App } from './App.js';
import { NoToken } from './views/NoToken.js';
import { makeServices, ServicesProvider } from './services.js';
import { connect } from './transport.js';
import './styles.css';

const transport = connect();
const root = createRoot(document.getElementById('root') as HTMLElement);
root.render(
  <StrictMode>
    {transport ? (
      <ServicesProvider services={makeServices(createApiClient(transport.send), transport)}>
        <App />
      </ServicesProvider>
    ) : (
      <NoToken />
    )}
  </StrictMode>,
);
