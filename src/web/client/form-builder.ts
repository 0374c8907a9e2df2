// The form builder's island (bundled by scripts/build-client.mjs into static/build/form-builder.js;
// under 1 kB): moving, removing and quickly adding fields without leaving the page. It sends exactly
// the form the button belongs to — the same fields, the same URL, the same CSRF token as without
// JavaScript — and puts the page the server answers in place of the current one (the list after a
// save, or the form with its errors after a refusal), keeping the keyboard focus where the person
// was. Without JavaScript, or when anything here fails, the forms post as usual.
const main = document.getElementById('main');

/** Where focus goes after the swap: the same button if it is still there, else the item, else the summary. */
function refocus(root: HTMLElement, submitter: HTMLButtonElement, addedId: string | null) {
  const summary = root.querySelector<HTMLElement>('.error-summary');
  if (summary) return summary.focus();
  if (addedId) {
    const added = document.getElementById(`f-field-${addedId}`);
    if (added) {
      added.tabIndex = -1;
      return added.focus();
    }
  }
  // A field moved to an end has lost that button: its other move button, then the list.
  const [, what, id] = submitter.value.split(':');
  const buttons = Array.from(root.querySelectorAll<HTMLButtonElement>('button[name="aksi"]'));
  const same = buttons.find((b) => b.value === submitter.value) ?? buttons.find((b) => /^(naik|turun):/.test(b.value) && b.value.endsWith(`:${what}:${id}`));
  if (same) return same.focus();
  const list = root.querySelector<HTMLElement>('#form-builder');
  if (list) {
    list.tabIndex = -1;
    list.focus();
  }
}

async function send(form: HTMLFormElement, submitter: HTMLButtonElement): Promise<void> {
  const body = new URLSearchParams();
  for (const [key, value] of new FormData(form, submitter)) if (typeof value === 'string') body.append(key, value);
  submitter.disabled = true;
  const response = await fetch(form.action, { method: 'POST', body, credentials: 'same-origin', headers: { accept: 'text/html' } });
  const page = new DOMParser().parseFromString(await response.text(), 'text/html');
  const next = page.getElementById('main');
  if (!next || !main) throw new Error('no page in the answer');
  main.replaceChildren(...Array.from(next.childNodes));
  document.title = page.title || document.title;
  if (response.ok && response.redirected) history.replaceState(null, '', response.url);
  refocus(main, submitter, submitter.dataset.builder === 'add' ? (body.get('id') ?? null) : null);
}

if (main && 'fetch' in window && 'DOMParser' in window) {
  main.addEventListener('submit', (event) => {
    const form = event.target;
    const submitter = (event as SubmitEvent).submitter;
    if (!(form instanceof HTMLFormElement) || !(submitter instanceof HTMLButtonElement) || !submitter.dataset.builder || form.dataset.plain) return;
    event.preventDefault();
    send(form, submitter).catch(() => {
      // The ordinary post, as without JavaScript.
      form.dataset.plain = '1';
      submitter.disabled = false;
      form.requestSubmit(submitter);
    });
  });
}
