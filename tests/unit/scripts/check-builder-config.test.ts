import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../support/build';
import { tempDir } from '../../support/temp';

const script = path.join(repoRoot, 'scripts', 'check-builder-config.mjs');
const realConfig = fs.readFileSync(path.join(repoRoot, 'electron-builder.yml'), 'utf8');
const FUSES = [
  'runAsNode', 'enableNodeOptionsEnvironmentVariable', 'enableNodeCliInspectArguments', 'enableEmbeddedAsarIntegrityValidation',
  'onlyLoadAppFromAsar', 'enableCookieEncryption', 'grantFileProtocolExtraPrivileges',
];

/** `npm run builder:check` on a variant of electron-builder.yml (same repository, so referenced files resolve). */
function check(yaml: string): { status: number | null; output: string } {
  const file = path.join(tempDir('griddesk-builder-'), 'electron-builder.yml');
  fs.writeFileSync(file, yaml);
  const run = spawnSync(process.execPath, [script, '--config', file], { cwd: repoRoot, encoding: 'utf8' });
  return { status: run.status, output: run.stdout + run.stderr };
}

/** The real configuration without its electronFuses block (the key and its indented lines). */
const withoutFuses = realConfig.replace(/^electronFuses:\n(?:[ \t]+.*\n)+/m, '');

describe('builder:check — Electron fuses', () => {
  it('passes the repository’s configuration, every fuse as required', () => {
    const { status, output } = check(realConfig);
    expect(output).toContain('builder:check: electron-builder.yml is valid.');
    for (const fuse of FUSES) expect(output).toContain(`✓ electronFuses.${fuse}:`);
    expect(status).toBe(0);
  });

  it('fails when the fuses are not configured, naming each one', () => {
    expect(withoutFuses).not.toContain('electronFuses');
    const { status, output } = check(withoutFuses);
    expect(status).toBe(1);
    for (const fuse of FUSES) expect(output).toMatch(new RegExp(`✗ electronFuses\\.${fuse} must be (true|false) \\(is not set\\)`));
    expect(output).toContain(`found ${FUSES.length} problem(s)`);
  });

  it('fails when one fuse has the unsafe value, or one is left out', () => {
    const runAsNode = check(realConfig.replace('  runAsNode: false', '  runAsNode: true'));
    expect(runAsNode.status).toBe(1);
    expect(runAsNode.output).toContain('✗ electronFuses.runAsNode must be false (is true)');
    expect(runAsNode.output).toContain('found 1 problem(s)');
    const noIntegrity = check(realConfig.replace(/^ {2}enableEmbeddedAsarIntegrityValidation: true\n/m, ''));
    expect(noIntegrity.status).toBe(1);
    expect(noIntegrity.output).toContain('✗ electronFuses.enableEmbeddedAsarIntegrityValidation must be true (is not set)');
  });

  it('fails on a misspelt fuse: electron-builder’s schema allows no unknown option', () => {
    const { status, output } = check(realConfig.replace('  enableCookieEncryption: true', '  enableCookieEncrypt: true'));
    expect(status).toBe(1);
    expect(output).toContain('invalid configuration');
  });
});
