import { useEffect, useMemo, useState } from 'react';
import type { ImagePreviewResult } from '../../../main/api/contract';
import { useServices } from '../app/StudioContext';
import { checkUploadSize, fileToBase64, parseShape } from './files';
import type { SourceFormProps } from './ImportForm';
import { Thumbnails } from './Thumbnails';

/** PNG/JPEG import: one pattern per image, thresholded; the first image is previewed as the threshold moves. */
export function ImageImport({ busy, onSubmit }: SourceFormProps) {
  const { api } = useServices();
  const [files, setFiles] = useState<File[]>([]);
  const [threshold, setThreshold] = useState(0.5);
  const [ink, setInk] = useState<'dark' | 'light'>('dark');
  const [sizeText, setSizeText] = useState('');
  const [preview, setPreview] = useState<ImagePreviewResult | undefined>();
  const [previewError, setPreviewError] = useState<string | undefined>();
  const size = parseShape(sizeText);
  const first = files[0];
  const firstUrl = useMemo(() => (first ? URL.createObjectURL(first) : undefined), [first]);
  useEffect(() => () => (firstUrl ? URL.revokeObjectURL(firstUrl) : undefined), [firstUrl]);

  useEffect(() => {
    const shape = parseShape(sizeText);
    if (!first || shape === null) return;
    let current = true;
    // Debounced: dragging the slider asks main for one preview per pause, not one per pixel of travel.
    const timer = setTimeout(async () => {
      const result = await api.call('dataset:previewImage', { file: { name: first.name, base64: await fileToBase64(first) }, threshold, ink, ...(shape ? { size: shape } : {}) });
      if (!current) return;
      if (result.ok) {
        setPreview(result.value);
        setPreviewError(undefined);
      } else {
        setPreview(undefined);
        setPreviewError(result.error.message);
      }
    }, 150);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [api, first, threshold, ink, sizeText]);

  const submit = () =>
    onSubmit(async () => {
      checkUploadSize(files);
      const payload = await Promise.all(files.map(async (file) => ({ name: file.name, base64: await fileToBase64(file) })));
      return { source: 'images', files: payload, threshold, ink, ...(size ? { size } : {}) };
    });

  return (
    <form
      className="fields"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <div className="field">
        <label htmlFor="image-files">PNG or JPEG images, one pattern each, all the same size (or resized)</label>
        <input id="image-files" data-testid="image-file-input" type="file" multiple accept="image/png,image/jpeg" onChange={(e) => setFiles(Array.from(e.target.files ?? []))} />
      </div>
      <div className="field">
        <label htmlFor="image-threshold">
          Threshold {threshold.toFixed(2)} — {ink === 'dark' ? 'darker' : 'lighter'} pixels become 1
        </label>
        <input id="image-threshold" data-testid="image-threshold" type="range" min={0} max={1} step={0.01} value={threshold} onChange={(e) => setThreshold(Number(e.target.value))} />
      </div>
      <div className="field-row">
        <div className="field">
          <label htmlFor="image-ink">Ink (the 1 bits)</label>
          <select id="image-ink" value={ink} onChange={(e) => setInk(e.target.value as 'dark' | 'light')}>
            <option value="dark">dark on light</option>
            <option value="light">light on dark</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="image-size">Resize to</label>
          <input id="image-size" placeholder="keep, or e.g. 16x16" aria-invalid={size === null} value={sizeText} onChange={(e) => setSizeText(e.target.value)} />
        </div>
      </div>
      {first && (
        <div className="image-preview" data-testid="image-preview">
          {firstUrl && <img src={firstUrl} alt={`${first.name} as loaded`} />}
          {preview && (
            <Thumbnails
              rows={[preview.bits]}
              width={preview.shape.rows * preview.shape.cols}
              imageShape={preview.shape}
              maxWidth={120}
              tilePx={120}
              label={`${first.name} thresholded at ${preview.threshold.toFixed(2)}`}
              testId="image-preview-bits"
            />
          )}
          {preview && (
            <div className="image-preview-notes">
              <span>
                {preview.sourceShape.cols}×{preview.sourceShape.rows} → {preview.shape.cols}×{preview.shape.rows}
              </span>
              <button type="button" className="ghost" data-testid="use-suggested-threshold" onClick={() => setThreshold(Number(preview.suggestedThreshold.toFixed(2)))}>
                Use suggested {preview.suggestedThreshold.toFixed(2)}
              </button>
            </div>
          )}
          {previewError && <p className="field-error">{previewError}</p>}
        </div>
      )}
      <button type="submit" className="primary" data-testid="image-import-button" disabled={busy || files.length === 0 || size === null}>
        Import {files.length > 1 ? `${files.length} images` : 'image'}
      </button>
    </form>
  );
}
