import { describe, expect, it } from 'vitest';
import { isAppUrl, mayNavigate } from '../../src/main/electron/navigation.js';

describe('which pages may call the API', () => {
  it('is the app itself at sleeve://app', () => {
    expect(isAppUrl('sleeve://app/')).toBe(true);
    expect(isAppUrl('sleeve://app/index.html#/album/3')).toBe(true);
    expect(isAppUrl('sleeve://app')).toBe(true);
  });

  it('is not a look-alike origin, another scheme, or no URL at all', () => {
    for (const url of [
      'sleeve://app.evil.example/',
      'sleeve://apps/',
      'sleeve://user@app/',
      'sleeve://app:8080/',
      'https://app/',
      'file:///app/index.html',
      'http://127.0.0.1:5173/',
      'about:blank',
      '',
      'not a url',
    ]) {
      expect(isAppUrl(url), url).toBe(false);
    }
  });
});

describe('where the window may navigate', () => {
  it("only to the app's own page, in the top frame", () => {
    expect(mayNavigate('sleeve://app/', true)).toBe(true);
    expect(mayNavigate('sleeve://app/index.html', true)).toBe(true);
  });

  it('never to the web, a file, a media URL, or in a frame', () => {
    expect(mayNavigate('https://example.com/', true)).toBe(false);
    expect(mayNavigate('file:///etc/passwd', true)).toBe(false);
    expect(mayNavigate('javascript:alert(1)', true)).toBe(false);
    expect(mayNavigate('sleeve://app/media/track/1', true)).toBe(false);
    expect(mayNavigate('sleeve://app/', false)).toBe(false);
  });
});
