import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadInstancesFile } from '../../src/server/instances-file.js';
import { tempDir } from '../helpers/temp.js';

describe('loadInstancesFile', () => {
  const write = (text: string) => {
    const file = join(tempDir('dt-instances-'), 'instances.yaml');
    writeFileSync(file, text);
    return file;
  };

  it('a YAML syntax error says where, never quoting the file (its lines hold the tokens)', () => {
    const file = write('instances:\n  prod: { url: https://dt.example.com, publicToken: "pub", privateToken: "yaml-s3cret" \n');
    let message = '';
    try {
      loadInstancesFile(file);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(new RegExp(`^Invalid instance config ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: not valid YAML or JSON: .* at line 3, column 1\\.$`));
    expect(message).not.toContain('yaml-s3cret');
  });

  it('reads a valid file', () => {
    const file = write('instances:\n  prod: { url: "https://dt.example.com", publicToken: "pub", privateToken: "priv" }\n');
    const loaded = loadInstancesFile(file);
    expect(loaded.defaultName).toBe('prod');
    expect(loaded.instances.get('prod')).toMatchObject({ name: 'prod', url: 'https://dt.example.com', privateToken: 'priv' });
  });
});
