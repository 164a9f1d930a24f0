import { useState } from 'preact/hooks';

const hasFiles = (e: DragEvent): boolean => [...(e.dataTransfer?.types ?? [])].includes('Files');

/**
 * Files dropped on an element (the notes page, the history page, the PDF viewer): its drag handlers, and whether
 * files are being dragged over it (for a drop hint). `onFiles` gets the files dropped, only when the drag carries
 * files.
 */
export function useFileDrop(onFiles: (files: File[]) => void): {
  readonly dragging: boolean;
  readonly handlers: {
    readonly onDragOver: (e: DragEvent) => void;
    readonly onDragLeave: (e: DragEvent) => void;
    readonly onDrop: (e: DragEvent) => void;
  };
} {
  const [dragging, setDragging] = useState(false);
  return {
    dragging,
    handlers: {
      onDragOver: (e) => {
        if (!hasFiles(e)) return;
        e.preventDefault();
        if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
        setDragging(true);
      },
      onDragLeave: (e) => {
        if (e.relatedTarget === null) setDragging(false);
      },
      onDrop: (e) => {
        if (!hasFiles(e)) return;
        e.preventDefault();
        setDragging(false);
        onFiles([...(e.dataTransfer?.files ?? [])]);
      },
    },
  };
}
