import type { Nodes, Parents } from 'mdast';

const maxBlockDepth = 64;

/**
 * Renders an mdast block as readable text: lists keep their `-` / `1.` markers and indentation,
 * code blocks keep their lines, links keep their text, images their alt text, raw HTML its text.
 */
export function blockText(node: Nodes, depth = 0): string {
  if (depth > maxBlockDepth) return inlineText(node);
  switch (node.type) {
    case 'code':
      return node.value;
    case 'html':
      return stripTags(node.value);
    case 'thematicBreak':
    case 'definition':
      return '';
    case 'list':
      return node.children
        .map((item, index) => {
          const marker = node.ordered ? `${(node.start ?? 1) + index}. ` : '- ';
          const body = item.children.map((child) => blockText(child, depth + 1)).join('\n');
          return marker + body.replace(/\n/g, '\n  ');
        })
        .join('\n');
    case 'blockquote':
    case 'listItem':
    case 'root':
      return node.children.map((child) => blockText(child, depth + 1)).join('\n\n');
    default:
      return inlineText(node);
  }
}

/** Concatenates the text of a node and its descendants, without recursion (depth is unbounded). */
export function inlineText(root: Nodes): string {
  const parts: string[] = [];
  const stack: Nodes[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'text' || node.type === 'inlineCode' || node.type === 'code') parts.push(node.value);
    else if (node.type === 'html') parts.push(stripTags(node.value));
    else if (node.type === 'image' || node.type === 'imageReference') parts.push(node.alt ?? '');
    else if (node.type === 'break') parts.push('\n');
    else if ('children' in node) {
      // Blocks end with a line break: pushed first, it is popped after their children.
      if (node.type !== 'root' && !isInline(node)) stack.push({ type: 'break' });
      const children = (node as Parents).children;
      for (let index = children.length - 1; index >= 0; index--) stack.push(children[index]!);
    }
  }
  return parts.join('').trim();
}

function isInline(node: Nodes): boolean {
  return ['emphasis', 'strong', 'delete', 'link', 'linkReference'].includes(node.type);
}

function stripTags(html: string): string {
  return html.replace(/<[^>]*>/g, ' ').replace(/[ \t]+/g, ' ');
}
