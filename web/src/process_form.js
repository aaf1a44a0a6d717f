// The parameter form of a process, generated from the description the API publishes
// (GET /processes/{id}: each input's JSON schema with type, minimum, maximum, default, enum,
// plus its unit and help). The inputs the viewer fills itself (scenario, reference, edits)
// are left out.
const OWN_INPUTS = new Set(['scenario', 'reference', 'edits']);

let counter = 0;

function field(name, input) {
  const schema = input.schema || {};
  const id = `param-${++counter}`;
  const row = document.createElement('div');
  row.className = 'field';
  const label = document.createElement('label');
  label.htmlFor = id;
  label.textContent = input.title || name;
  if (input.unit && input.unit !== '1') label.textContent += ` (${input.unit})`;
  let control;
  if (schema.enum) {
    control = document.createElement('select');
    for (const choice of schema.enum) {
      const option = document.createElement('option');
      option.value = option.textContent = choice;
      control.append(option);
    }
  } else if (schema.type === 'boolean') {
    control = document.createElement('input');
    control.type = 'checkbox';
    row.classList.add('field-check');
  } else {
    control = document.createElement('input');
    control.type = schema.type === 'number' || schema.type === 'integer' ? 'number' : 'text';
    if (schema.minimum !== undefined) control.min = schema.minimum;
    if (schema.maximum !== undefined) control.max = schema.maximum;
    control.step = schema.type === 'integer' ? '1' : 'any';
  }
  control.id = id;
  control.name = name;
  if (schema.default !== undefined) {
    if (control.type === 'checkbox') control.checked = Boolean(schema.default);
    else control.value = schema.default;
  }
  if (input.minOccurs > 0) control.required = true;
  if (input.description) {
    const help = document.createElement('small');
    help.id = `${id}-help`;
    help.textContent = input.description;
    control.setAttribute('aria-describedby', help.id);
    row.append(label, control, help);
  } else {
    row.append(label, control);
  }
  return { row, control, schema, name, input };
}

export class ProcessForm {
  constructor(container) {
    this.container = container;
    this.fields = [];
  }

  show(description) {
    this.fields = Object.entries(description.inputs || {})
      .filter(([name]) => !OWN_INPUTS.has(name))
      .map(([name, input]) => field(name, input));
    this.container.replaceChildren(...this.fields.map((f) => f.row));
  }

  // The process inputs that differ from their defaults (the server fills in the rest), or an
  // Error naming the first invalid one, so a typo is caught before a job is queued.
  values() {
    const values = {};
    for (const { control, schema, name, input } of this.fields) {
      let value;
      if (control.type === 'checkbox') value = control.checked;
      else if (schema.type === 'number' || schema.type === 'integer') {
        if (control.value.trim() === '') {
          if (input.minOccurs > 0) throw new Error(`${name} is required`);
          continue;
        }
        value = Number(control.value);
        if (!Number.isFinite(value)) throw new Error(`${name} must be a number`);
        if (schema.type === 'integer' && !Number.isInteger(value)) throw new Error(`${name} must be a whole number`);
        if (schema.minimum !== undefined && value < schema.minimum) throw new Error(`${name} must be at least ${schema.minimum}`);
        if (schema.maximum !== undefined && value > schema.maximum) throw new Error(`${name} must be at most ${schema.maximum}`);
      } else {
        value = control.value;
        if (value === '' && input.minOccurs === 0) continue;
      }
      if (schema.default !== undefined && value === schema.default) continue;
      values[name] = value;
    }
    return values;
  }

  // Sets inputs by name (e.g. from the URL or a test); unknown names are an Error.
  set(values) {
    for (const [name, value] of Object.entries(values)) {
      const f = this.fields.find((candidate) => candidate.name === name);
      if (!f) throw new Error(`this process has no input '${name}'`);
      if (f.control.type === 'checkbox') f.control.checked = Boolean(value);
      else f.control.value = value;
    }
  }
}
