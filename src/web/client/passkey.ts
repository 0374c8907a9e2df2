// The passkey island (bundled by scripts/build-client.mjs into src/web/static/build/passkey.js): the
// browser half of a WebAuthn ceremony — ask the server for options, hand them to
// navigator.credentials through @simplewebauthn/browser (base64url ⇄ ArrayBuffer, the browsers'
// differences), post the answer back, go where the page says. Blocks marked data-passkey stay hidden
// without JavaScript or without WebAuthn, and the page's forms (password, code) are the way in.
// Texts come from the page (data-msg-*), in the page's language; the server's refusals carry their
// own title in that language.
import { browserSupportsWebAuthn, startAuthentication, startRegistration, WebAuthnError } from '@simplewebauthn/browser';

async function postJson(url: string, body: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, credentials: 'same-origin', body: JSON.stringify(body) });
  const json = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  if (!res.ok) throw new Refused(typeof json.title === 'string' ? json.title : '');
  return json;
}

class Refused extends Error {}

function start(root: HTMLElement) {
  const { passkey: mode, options, verify, done, msgCancelled, msgFailed } = root.dataset;
  const error = root.querySelector<HTMLElement>('[data-passkey-error]')!;
  const form = root.querySelector('form');
  const button = root.querySelector<HTMLButtonElement>('button')!;
  const nameInput = root.querySelector<HTMLInputElement>('input[name=name]');
  const show = (message: string) => {
    error.textContent = message;
    error.hidden = false;
  };
  const run = async () => {
    error.hidden = true;
    button.disabled = true;
    try {
      const { challengeId, options: optionsJSON } = await postJson(options!, {});
      const response =
        mode === 'register'
          ? await startRegistration({ optionsJSON: optionsJSON as Parameters<typeof startRegistration>[0]['optionsJSON'] })
          : await startAuthentication({ optionsJSON: optionsJSON as Parameters<typeof startAuthentication>[0]['optionsJSON'] });
      await postJson(verify!, { challengeId, response, ...(nameInput ? { name: nameInput.value } : {}) });
      window.location.assign(done!);
    } catch (e) {
      const cancelled = (e instanceof WebAuthnError && e.code === 'ERROR_CEREMONY_ABORTED') || (e instanceof Error && e.name === 'NotAllowedError');
      show(e instanceof Refused && e.message ? e.message : cancelled ? msgCancelled! : msgFailed!);
      button.disabled = false;
    }
  };
  if (form) {
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void run();
    });
  } else {
    button.addEventListener('click', () => void run());
  }
  root.hidden = false;
  for (const el of document.querySelectorAll<HTMLElement>('[data-passkey-nojs]')) el.hidden = true;
}

if (browserSupportsWebAuthn()) {
  for (const root of document.querySelectorAll<HTMLElement>('[data-passkey]')) start(root);
}
