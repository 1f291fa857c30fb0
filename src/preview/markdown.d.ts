/** Types of markdown.js (plain JS so the browser loads it as is). */
export declare function renderMarkdown(markdown: string | null | undefined): string;
export declare function escapeHtml(text: string): string;
