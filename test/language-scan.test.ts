import { describe, expect, it } from 'vitest';
import { foreignStrings, readableHtml, readableJson, readableText } from './language-scan';

const found = (html: string, lang: 'en' | 'ru' | 'kk') => foreignStrings(readableHtml(html), lang).map((f) => `${f.rule}: ${f.found}`);
const page = (lang: string, body: string) => `<!DOCTYPE html><html lang="${lang}"><head><title>—</title><script>var english = "Berlin";</script></head><body>${body}</body></html>`;

describe('the language scan (test/language-scan.ts)', () => {
  it('reads text and the attributes people read, not scripts, styles, code, URLs or another language’s subtree', () => {
    const pieces = readableHtml(page('ru', '<p title="Подсказка">Текст <a href="/c/x?lang=ru">ссылка</a></p><style>p{}</style><pre>npm run</pre><nav><a lang="en">English</a></nav><input type="submit" value="Отправить"><img alt="Картинка"><meta name="description" content="Описание">'));
    expect(pieces.map((p) => p.text.trim())).toEqual(['—', 'Подсказка', 'Текст', 'ссылка', 'Отправить', 'Картинка', 'Описание']);
  });

  it('finds an English city, a raw code, a key and an unfilled placeholder on a Russian page', () => {
    expect(found(page('ru', '<p>16 июня 12:00, Berlin</p><p>KZ елінде</p><p>picket.noneHere</p><p>В стране {country}</p>'), 'ru')).toEqual([
      'Latin word: Berlin',
      'two-letter code: KZ',
      'Latin word: KZ',
      'letter of another language: і',
      'key or placeholder: picket.noneHere',
      'Latin word: picket',
      'Latin word: noneHere',
      'key or placeholder: {country}',
      'Latin word: country',
    ]);
  });

  it('finds Cyrillic on an English page and a Russian word on a Kazakh one; allows brands, addresses and ids', () => {
    expect(found(page('en', '<p>Sign in Берлин</p>'), 'en')).toEqual(['Cyrillic: Берлин']);
    expect(found(page('kk', '<p>Қол қою — подпись</p>'), 'kk')).toContain('word of ru: подпись');
    expect(found(page('ru', '<p>Solidarity — пишите на team@example.org, квитанция 3f9a0c, https://example.org/c/x</p>'), 'ru')).toEqual([]);
  });

  it('reads plain-text mail line by line, leaving out a quoted letter, and JSON strings but the keys given', () => {
    expect(readableText('Здравствуйте!\n\nDear embassy,\n', 'text', ['Dear embassy,']).map((p) => p.text)).toEqual(['Здравствуйте!']);
    expect(readableJson({ id: 'de-berlin', when: '16 июня', labels: { consent: 'Я согласен с {privacy}' } }, ['id']).map((p) => p.text.trim())).toEqual(['16 июня', 'Я согласен с']);
  });
});
