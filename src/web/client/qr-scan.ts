// The QR scanner island (bundled by scripts/build-client.mjs into src/web/static/build/qr-scan.js):
// where the browser has the Shape Detection API's BarcodeDetector reading QR codes and a camera, a
// [data-qr-scan] block appears with a button that films, reads the first QR code seen and puts its
// text into the field named by data-target. Without them the block stays hidden and the page's own
// words ([data-qr-scan-nojs]) say to paste — the form works the same either way. Texts come from the
// page (data-msg-*), in its language.

interface DetectedBarcode {
  rawValue: string;
}
interface BarcodeDetectorLike {
  detect(source: HTMLVideoElement): Promise<DetectedBarcode[]>;
}
interface BarcodeDetectorClass {
  new (options: { formats: string[] }): BarcodeDetectorLike;
  getSupportedFormats(): Promise<string[]>;
}

const Detector = (window as unknown as { BarcodeDetector?: BarcodeDetectorClass }).BarcodeDetector;

function start(root: HTMLElement, detector: BarcodeDetectorLike) {
  const target = document.getElementById(root.dataset.target ?? '') as HTMLTextAreaElement | HTMLInputElement | null;
  const button = root.querySelector<HTMLButtonElement>('[data-qr-scan-button]');
  const video = root.querySelector<HTMLVideoElement>('[data-qr-scan-video]');
  const error = root.querySelector<HTMLElement>('[data-qr-scan-error]');
  if (!target || !button || !video || !error) return;
  let stream: MediaStream | null = null;

  const stop = () => {
    for (const track of stream?.getTracks() ?? []) track.stop();
    stream = null;
    video.srcObject = null;
    video.hidden = true;
    button.textContent = root.dataset.msgStart ?? '';
  };

  // One frame every quarter second is plenty for a code held still, and spares a cheap phone's CPU.
  const look = async () => {
    if (!stream) return;
    try {
      const [found] = await detector.detect(video);
      if (found?.rawValue) {
        target.value = found.rawValue;
        stop();
        target.focus();
        return;
      }
    } catch {
      // A frame not ready yet: try the next one.
    }
    window.setTimeout(() => void look(), 250);
  };

  button.addEventListener('click', async () => {
    if (stream) return stop();
    error.hidden = true;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false });
      video.srcObject = stream;
      video.hidden = false;
      await video.play();
      button.textContent = root.dataset.msgStop ?? '';
      void look();
    } catch {
      stop();
      error.textContent = root.dataset.msgFailed ?? '';
      error.hidden = false;
    }
  });

  root.hidden = false;
  for (const el of document.querySelectorAll<HTMLElement>('[data-qr-scan-nojs]')) el.hidden = true;
}

async function init() {
  if (!Detector || !navigator.mediaDevices?.getUserMedia) return;
  const formats = await Detector.getSupportedFormats().catch(() => [] as string[]);
  if (!formats.includes('qr_code')) return;
  const detector = new Detector({ formats: ['qr_code'] });
  for (const root of document.querySelectorAll<HTMLElement>('[data-qr-scan]')) start(root, detector);
}

void init();
