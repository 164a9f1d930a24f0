import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';

const hasFiles = (e: DragEvent): boolean => [...(e.dataTransfer?.types ?? [])].includes('Files');

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
  const [dragging, setDragging] = useState(false);

  const onDragOver = (e: DragEvent): void => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
    setDragging(true);
  };
  const onDragLeave = (e: DragEvent): void => {
    if (e.relatedTarget === null) setDragging(false);
  };
  const onDrop = (e: DragEvent): void => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    setDragging(false);
    onFiles([...(e.dataTransfer?.files ?? [])]);
  };

  return (
    <div
      class={`${pageClass}${dragging ? ' dragging' : ''}`}
      data-testid={testId}
      onDragOver={onDragOver}
      onDragLeave={onDragLeave}
      onDrop={onDrop}
    >
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
