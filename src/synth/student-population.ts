/** EL status codes in the order of EL_STATUSES. */
export const EO = 0;
export const IFEP = 1;
export const EL = 2;
export const RFEP = 3;
export const TBD = 4;

/** What happens to a student at the end of the year being simulated. */
export const FATE_STAY = 0;
export const FATE_LEAVE = 1;
export const FATE_OTHER_DISTRICT = 2;
export const FATE_GRADUATE = 3;
export const FATE_CONTINUE_GRADE12 = 4;

type Column = Float64Array | Float32Array | Int32Array | Int16Array | Int8Array | Uint8Array;

/**
 * Per-student state in typed arrays (one slot per student ever created; index order = creation
 * order = student id order). No object per student.
 */
export class StudentPopulation {
  size = 0;
  capacity: number;
  id: Float64Array;
  active: Uint8Array;
  district: Int16Array;
  area: Int32Array;
  grade: Int8Array;
  gender: Uint8Array;
  race: Uint8Array;
  ses: Float32Array;
  sed: Uint8Array;
  swd: Uint8Array;
  disability: Uint8Array;
  el: Uint8Array;
  elpac: Uint8Array;
  /** Reclassification date as yyyymmdd, 0 when none. */
  reclassified: Int32Array;
  foster: Uint8Array;
  homeless: Uint8Array;
  /** True score (z) at the last tested grade, or the readiness latent before grade 3. */
  zEla: Float32Array;
  zMath: Float32Array;
  /** Sum of the growth effects of the high schools attended in grades 9.. and their count. */
  hsEla: Float32Array;
  hsMath: Float32Array;
  hsYears: Uint8Array;
  sel: Float32Array;
  absence: Float32Array;
  suspension: Float32Array;
  marks: Float32Array;
  /** Charter or continuation school attended instead of the area's school, -1 when none. */
  placement: Int32Array;
  grade9Year: Int16Array;
  /** First instructional day this year (0 for everyone already enrolled at the start). */
  entryDay: Int16Array;
  fate: Uint8Array;

  constructor(capacity: number) {
    this.capacity = Math.max(16, capacity);
    const n = this.capacity;
    this.id = new Float64Array(n);
    this.active = new Uint8Array(n);
    this.district = new Int16Array(n);
    this.area = new Int32Array(n);
    this.grade = new Int8Array(n);
    this.gender = new Uint8Array(n);
    this.race = new Uint8Array(n);
    this.ses = new Float32Array(n);
    this.sed = new Uint8Array(n);
    this.swd = new Uint8Array(n);
    this.disability = new Uint8Array(n);
    this.el = new Uint8Array(n);
    this.elpac = new Uint8Array(n);
    this.reclassified = new Int32Array(n);
    this.foster = new Uint8Array(n);
    this.homeless = new Uint8Array(n);
    this.zEla = new Float32Array(n);
    this.zMath = new Float32Array(n);
    this.hsEla = new Float32Array(n);
    this.hsMath = new Float32Array(n);
    this.hsYears = new Uint8Array(n);
    this.sel = new Float32Array(n);
    this.absence = new Float32Array(n);
    this.suspension = new Float32Array(n);
    this.marks = new Float32Array(n);
    this.placement = new Int32Array(n);
    this.grade9Year = new Int16Array(n);
    this.entryDay = new Int16Array(n);
    this.fate = new Uint8Array(n);
  }

  /** Reserves a slot for a new student with the given id; returns its index. */
  add(id: number): number {
    if (this.size === this.capacity) this.grow();
    const i = this.size++;
    this.id[i] = id;
    this.placement[i] = -1;
    return i;
  }

  private grow(): void {
    const n = this.capacity * 2;
    const self = this as unknown as Record<string, Column>;
    for (const key of Object.keys(this)) {
      const column = self[key];
      if (ArrayBuffer.isView(column)) {
        const bigger = new (column.constructor as new (length: number) => Column)(n);
        bigger.set(column);
        self[key] = bigger;
      }
    }
    this.capacity = n;
  }
}
