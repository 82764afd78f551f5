package dev.peerl.runtime.dispatch;

/**
 * For threads of Peerl's own outside the dispatcher that wake work in it: the work they wake can
 * run on them instead of waking a dispatcher thread (see {@link HandOffExecutor}).
 */
public final class HandOff {
  private HandOff() {}

  /**
   * Runs {@code trigger}; when it submits a task to a hand-off executor (an actor's mailbox, when
   * it tells an idle actor a message), the first such task then runs here, on the calling thread,
   * with the tasks that task hands off in turn. With another executor, only runs {@code trigger}.
   *
   * @param whenStuck run once, on another thread, if running those tasks here lasts 20 ms or more
   *     (one that blocks, say): what the calling thread should have been doing meanwhile is to be
   *     handed to another thread
   */
  public static void runHere(Runnable trigger, Runnable whenStuck) {
    HandOffExecutor.runHere(trigger, whenStuck);
  }
}
