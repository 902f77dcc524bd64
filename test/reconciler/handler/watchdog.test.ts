import { armDeadline, DEADLINE_WATCHDOG_MARGIN_MS } from "../../../reconciler/handler/watchdog";

describe("armDeadline", () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it("calls back once, the margin before the deadline", () => {
    const onDeadline = jest.fn();

    armDeadline(60_000, onDeadline);
    jest.advanceTimersByTime(60_000 - DEADLINE_WATCHDOG_MARGIN_MS - 1);
    expect(onDeadline).not.toHaveBeenCalled();
    jest.advanceTimersByTime(1);
    expect(onDeadline).toHaveBeenCalledTimes(1);
    jest.advanceTimersByTime(60_000);
    expect(onDeadline).toHaveBeenCalledTimes(1);
  });

  it("never calls back once disarmed", () => {
    const onDeadline = jest.fn();

    const disarm = armDeadline(60_000, onDeadline);
    disarm();
    jest.advanceTimersByTime(120_000);

    expect(onDeadline).not.toHaveBeenCalled();
  });

  it.each([
    { reason: "no deadline at all", remainingMs: Number.POSITIVE_INFINITY },
    { reason: "a deadline beyond what a timer can wait", remainingMs: 2 ** 32 },
  ])("arms nothing for $reason, rather than firing at once", ({ remainingMs }) => {
    const onDeadline = jest.fn();

    armDeadline(remainingMs, onDeadline);
    jest.advanceTimersByTime(60_000);

    expect(onDeadline).not.toHaveBeenCalled();
  });
});
