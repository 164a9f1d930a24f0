import type { ComponentChildren } from 'preact';
import { useFileDrop } from './useFileDrop';

/**
 * The frame of an extension page that takes files dropped anywhere on it (the notes page, the history page): the
 * title bar, the drop hint while files are dragged over, the main column and the side column. `onFiles` gets the
 * files dropped (only when the drag carries files).
 */
export function FileDropPage({
  pageClass,
  testId,
  title,
  dropHint,
  onFiles,
  main,
  side,
}: {
  pageClass: string;
  testId: string;
  title: string;
  dropHint: string;
  onFiles: (files: File[]) => void;
  main: ComponentChildren;
  side: ComponentChildren;
}) {
  const { dragging, handlers } = useFileDrop(onFiles);

  return (
    <div class={`${pageClass}${dragging ? ' dragging' : ''}`} data-testid={testId} {...handlers}>
      <header class="bar">
        <h1>{title}</h1>
      </header>
      {dragging && (
        <p class="drop-hint" aria-hidden="true">
          {dropHint}
        </p>
      )}
      <div class="layout">
        <main class="notes-main">{main}</main>
        <aside class="notes-side">{side}</aside>
      </div>
    </div>
  );
}
