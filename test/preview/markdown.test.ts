/** The preview page's markdown renderer must never let card text inject HTML or script. */
import { renderMarkdown } from '../../src/preview/markdown';

describe('renderMarkdown (safe subset)', () => {
  it('renders bold, italic, paragraphs and line breaks', () => {
    expect(renderMarkdown('**Bleeding risk**: *moderate*\nCrCl 71 mL/min\n\nSecond paragraph')).toBe(
      '<p><strong>Bleeding risk</strong>: <em>moderate</em><br>CrCl 71 mL/min</p><p>Second paragraph</p>',
    );
  });

  it('renders bullet and numbered lists', () => {
    expect(renderMarkdown('Factors:\n- thrombus > 5 cm\n* 2 veins\n\n1. first\n2. second')).toBe(
      '<p>Factors:</p><ul><li>thrombus &gt; 5 cm</li><li>2 veins</li></ul><ol><li>first</li><li>second</li></ol>',
    );
  });

  it('escapes every HTML tag and attribute in the text', () => {
    const html = renderMarkdown('<img src=x onerror="alert(1)"> <script>alert(2)</script> & \'q\'');
    expect(html).toBe(
      '<p>&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &lt;script&gt;alert(2)&lt;/script&gt; &amp; &#39;q&#39;</p>',
    );
  });

  it('links only absolute http(s) URLs, opening safely in a new tab', () => {
    expect(renderMarkdown('[CHEST](https://example.org/chest?a=1&b=2)')).toBe(
      '<p><a href="https://example.org/chest?a=1&amp;b=2" target="_blank" rel="noopener noreferrer">CHEST</a></p>',
    );
    for (const url of ['javascript:alert(1)', 'data:text/html,<b>x</b>', '//evil.example/x', 'vbscript:msgbox']) {
      expect(renderMarkdown(`[click](${url})`)).not.toContain('<a ');
    }
  });

  it('cannot break out of the href with quotes or emphasis markers', () => {
    const html = renderMarkdown('[x](https://e.org/"onmouseover="alert(1)) [y](https://e.org/*a*_b_)');
    expect(html).not.toMatch(/href="[^"]*"[^>]*onmouseover/);
    expect(html).toContain('href="https://e.org/*a*_b_"');
  });

  it('treats null and empty input as nothing', () => {
    expect(renderMarkdown(null)).toBe('');
    expect(renderMarkdown('')).toBe('');
  });
});
