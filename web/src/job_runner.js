// Runs one job: submits it asynchronously, follows its status (progress 0-100) until it is
// final, and cancels it on request (DELETE /jobs/{id}). A failed job's error is thrown as
// the problem its results answer with, so the page shows the server's own words.
import { ApiProblem } from './api.js';

const FINAL = new Set(['successful', 'failed', 'dismissed']);

export class JobRunner {
  // elements: {progress, status, cancel}
  constructor(api, elements, pollMs = 400) {
    this.api = api;
    this.el = elements;
    this.pollMs = pollMs;
    this.current = null;
    this.el.cancel.addEventListener('click', () => this.cancel());
  }

  async run(processId, inputs) {
    this.show({ status: 'submitting', progress: 0 });
    const submitted = await this.api.execute(processId, inputs);
    this.current = submitted.jobID;
    this.el.cancel.disabled = false;
    let status = submitted;
    try {
      while (!FINAL.has(status.status)) {
        this.show(status);
        await new Promise((resolve) => setTimeout(resolve, this.pollMs));
        status = await this.api.job(status.jobID);
      }
    } finally {
      this.el.cancel.disabled = true;
      this.current = null;
    }
    this.show(status);
    if (status.status === 'failed') {
      const error = status.error || {};
      throw new ApiProblem(422, { title: `Job ${status.jobID} failed`, detail: error.message || status.message || '',
        type: `/problems/${error.code || 'failed'}` });
    }
    if (status.status === 'dismissed') throw new ApiProblem(0, { title: 'Cancelled', detail: `job ${status.jobID} was cancelled` });
    return status;
  }

  async cancel() {
    if (!this.current) return;
    this.el.cancel.disabled = true;
    this.el.status.textContent = 'Cancelling…';
    await this.api.dismiss(this.current);
  }

  show(status) {
    const progress = Math.round(status.progress ?? 0);
    this.el.progress.value = progress;
    this.el.progress.setAttribute('aria-valuetext', `${progress}%`);
    const id = status.jobID ? ` (job ${status.jobID})` : '';
    this.el.status.textContent = `${status.status}${status.status === 'running' ? ` ${progress}%` : ''}${id}`;
    this.el.status.dataset.status = status.status;
    if (status.jobID) this.el.status.dataset.job = status.jobID;
  }
}
