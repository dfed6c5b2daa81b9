// Files on USB sticks: what the import page lists (formats, manifest data, links refused, a bad manifest
// said), and the browser of a stick's folders that never leaves the stick.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { browseStick, importableFiles, pickStickFile } from './usb.ts';
import { fixture } from './testing.ts';

let usbDir: string;
beforeEach(() => { usbDir = mkdtempSync(join(tmpdir(), 'copi-usb-imports-')); });
afterEach(() => rmSync(usbDir, { recursive: true, force: true }));

const stick = (name: string) => {
  const copi = join(usbDir, name, 'copi');
  mkdirSync(copi, { recursive: true });
  return copi;
};

describe('files to import on USB sticks', () => {
  it('lists every file of copi/ two folders deep, with its format and manifest data; links are refused, never followed', () => {
    const copi = stick('DATA');
    mkdirSync(join(copi, 'a', 'b', 'c'), { recursive: true });
    copyFileSync(fixture('rna-waldec-26-latin1.csv'), join(copi, 'waldec.csv'));
    writeFileSync(join(copi, 'a', 'b', 'notes.bin'), 'x');
    writeFileSync(join(copi, 'a', 'b', 'c', 'too-deep.csv'), 'x');
    symlinkSync('/etc/passwd', join(copi, 'a', 'passwd'));
    writeFileSync(join(copi, 'manifest.json'), JSON.stringify({ files: {
      'waldec.csv': { source: 'RNA', licence: 'Licence Ouverte 2.0', date: '2024-01-05' },
      'a/b/notes.bin': { format: 'rna', source: 'Mairie', licence: '', date: '5 janvier' },
    } }));
    mkdirSync(join(copi, 'reports'));
    writeFileSync(join(copi, 'reports', 'old.html'), '<p>');
    mkdirSync(join(usbDir, 'EMPTY'));

    const [data, empty] = importableFiles(usbDir);
    expect(empty).toEqual({ stick: 'EMPTY', files: [], warnings: [] });
    expect(data.files.map((file) => [file.path, file.format, file.refused, file.manifest?.source ?? null])).toEqual([
      ['copi/a/b/notes.bin', null, null, null],
      ['copi/a/passwd', null, 'A link to another file: copy the file itself onto the stick', null],
      ['copi/waldec.csv', 'rna', null, 'RNA'],
    ]);
    expect(data.warnings).toEqual([
      'manifest.json, "a/b/notes.bin": licence: Name the licence; this file is listed without its manifest data',
    ]);
  });

  it('a manifest that is not JSON is said on the page, and the files are still listed', () => {
    const copi = stick('KEY');
    writeFileSync(join(copi, 'manifest.json'), '{ "files": { oops');
    writeFileSync(join(copi, 'rna.csv'), 'id;id_ex;siret;\n');
    const [key] = importableFiles(usbDir);
    expect(key.files.map((file) => file.path)).toEqual(['copi/rna.csv']);
    expect(key.warnings[0]).toMatch(/^manifest\.json is not valid JSON .*the files are listed without it$/);
  });

  it('reads a manifest.csv (file;source;licence;date)', () => {
    const copi = stick('CSV');
    copyFileSync(fixture('rna-waldec-26-utf8.csv'), join(copi, 'rna.csv'));
    writeFileSync(join(copi, 'manifest.csv'), 'file;source;licence;date\nrna.csv;Journal officiel;Licence Ouverte 2.0;2024-01-05\n');
    expect(importableFiles(usbDir)[0].files[0].manifest).toEqual({ source: 'Journal officiel', licence: 'Licence Ouverte 2.0', date: '2024-01-05' });
  });

  it('browses the folders of a stick, and refuses a path that leaves it or goes through a link', () => {
    const copi = stick('BIG');
    mkdirSync(join(usbDir, 'BIG', 'exports'));
    copyFileSync(fixture('rna-waldec-26-utf8.csv'), join(usbDir, 'BIG', 'exports', 'rna.csv'));
    symlinkSync('/etc', join(usbDir, 'BIG', 'etc'));
    const root = browseStick(usbDir, 'BIG', '');
    expect(root.entries.map((entry) => [entry.name, entry.kind])).toEqual([['copi', 'folder'], ['exports', 'folder'], ['etc', 'link']]);
    expect(browseStick(usbDir, 'BIG', 'exports').entries).toEqual([expect.objectContaining({ path: 'exports/rna.csv', kind: 'file', format: 'rna' })]);
    expect(() => browseStick(usbDir, 'BIG', '../..')).toThrow('is not a path on the stick');
    expect(() => browseStick(usbDir, 'BIG', 'etc')).toThrow('is not a folder of the stick');
    expect(() => pickStickFile(usbDir, 'BIG', 'etc/passwd')).toThrow('BIG/etc is not a folder of the stick (a link?)');
    expect(() => pickStickFile(usbDir, 'GONE', 'copi/rna.csv')).toThrow('No USB stick named "GONE" is plugged in');
    expect(pickStickFile(usbDir, 'BIG', 'exports/rna.csv')).toMatchObject({ fileName: 'BIG/exports/rna.csv', manifest: null });
    void copi;
  });
});
