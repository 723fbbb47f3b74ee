import '@testing-library/jest-dom/vitest';
import { afterEach, vi } from 'vitest';
import { cleanup } from '@testing-library/react';
import { setGatewayUrl } from '../api/client';
import { reset } from '../auth/session';

setGatewayUrl('http://gateway.test');

afterEach(() => {
  cleanup();
  localStorage.clear();
  reset();
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});
