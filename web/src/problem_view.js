// Errors for people: the API's problem bodies (title, detail, status) in one alert region
// that screen readers announce; cleared when the next action starts.
export class ProblemView {
  constructor(element) {
    this.el = element;
  }

  show(error) {
    const title = document.createElement('strong');
    const detail = document.createElement('p');
    if (error && error.status !== undefined && error.title) {
      title.textContent = error.status ? `${error.title} (HTTP ${error.status})` : error.title;
      detail.textContent = error.detail;
    } else {
      title.textContent = 'Something went wrong';
      detail.textContent = String(error?.message || error);
    }
    const close = document.createElement('button');
    close.type = 'button';
    close.textContent = 'Dismiss';
    close.addEventListener('click', () => this.clear());
    this.el.replaceChildren(title, detail, close);
    this.el.hidden = false;
  }

  clear() {
    this.el.replaceChildren();
    this.el.hidden = true;
  }
}
