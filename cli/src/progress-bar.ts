/** `[#####-----] 3/10 ketab` redrawn in place on stderr; nothing when stderr is not a terminal. */
export class ProgressBar {
  private readonly enabled = Boolean(process.stderr.isTTY);

  constructor(
    private readonly total: number,
    private readonly width = 30,
  ) {}

  update(done: number, label: string): void {
    if (!this.enabled) return;
    const filled = this.total === 0 ? this.width : Math.round((done / this.total) * this.width);
    const columns = process.stderr.columns || 80; // 0 when the terminal does not say
    const line = `[${"#".repeat(filled)}${"-".repeat(this.width - filled)}] ${done}/${this.total} ${label}`.slice(0, columns - 1);
    process.stderr.write(`\r\u001b[2K${line}`);
  }

  stop(): void {
    if (this.enabled) process.stderr.write("\r\u001b[2K");
  }
}
