// Runs once before the browser tests: forgets the authenticator keys of an earlier run (the
// server starts on a fresh database every run, so every account enrols again).
import fs from 'fs';
import os from 'os';
import path from 'path';

export default function globalSetup(): void {
  const file = path.join(os.tmpdir(), `bluelamp-e2e-totp-${process.env.E2E_PORT ?? 3199}.json`);
  fs.rmSync(file, { force: true });
}
