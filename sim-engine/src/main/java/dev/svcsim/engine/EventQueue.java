package dev.svcsim.engine;

import java.util.Arrays;

/**
 * The pending-event set, ordered by time and then by scheduling sequence number, and the loop
 * that fires it: a calendar of time buckets for the near future in front of a 4-ary heap for the
 * far future, with lazy O(1) cancellation and FIFO lanes for fixed delays.
 *
 * <p><b>Slots.</b> Each pending event occupies a slot that holds its time, handler, argument,
 * sequence number and lane. An event id packs the low 32 bits of the event's sequence number
 * (high half) with the slot plus one (low half, so no id is ever {@link Simulation#NO_EVENT}). A
 * fired or cancelled event's slot has no handler, and a reused slot holds a later sequence
 * number, so a stale id can match again only if the same slot holds an event scheduled a
 * multiple of 2^32 events later and the stale id is still being used.
 *
 * <p><b>Calendar.</b> The near future is a window of {@value #BUCKETS} consecutive buckets of
 * equal width starting at {@code windowStart}; each bucket is a linked list of slots sorted by
 * (time, sequence) with a tail pointer. An event due inside the window goes into its bucket (an
 * O(1) append when it is after the tail, else a walk from the head); later events wait in the
 * heap. The earliest event is the head of the first non-empty bucket at or after the cursor (a
 * sentinel after the last bucket ends the scan). When the window is used up, the next one starts
 * at the heap's earliest event and takes every heap event that falls inside it. The bucket width
 * adapts between windows (aiming at 8 to 64 events fired per bucket) and within one (a sorted
 * insert that walks more than {@value #WALK_LIMIT} entries halves it and refiles the window).
 * Buckets never hold events of a later window, so no bucket is ever scanned for "this year's"
 * events.
 *
 * <p><b>Lanes.</b> Events scheduled with the same fixed delay are created in non-decreasing
 * time order (the clock never goes back), so they already form a sorted FIFO. A lane keeps them
 * in a ring buffer and puts only its head in the calendar or heap.
 *
 * <p><b>Code shape.</b> The loop that fires events ({@link #fire}) lives here, and the paths
 * taken for nearly every event (pop the earliest bucket head, append to or walk a bucket, move a
 * lane on) are written into it or are small methods the JIT inlines into it and into {@link
 * Simulation#schedule}; everything rare (heap, new window, rewind, narrowing, growth, compaction)
 * is in separate methods. Lane events and other events are dispatched from two call sites, so
 * that each site's type profile sees fewer handler classes: with one or two, HotSpot inlines the
 * handlers instead of making a megamorphic interface call.
 *
 * <p>Costs: schedule and fire O(1) amortised for events inside the window, O(log n) for events
 * beyond it; lane inserts O(1); cancel O(1) (the entry stays, flagged, and is dropped when
 * reached); when flagged entries outnumber pending events everything is compacted in
 * O(n + buckets), so cancelled events cannot pile up.
 */
final class EventQueue {

  static final int BUCKETS = 1024;
  private static final int INITIAL_CAPACITY = 64;
  private static final int INITIAL_SHIFT = 12; // 4.096 us buckets: a 4.2 ms window
  /** Below this many flagged entries a queue full of cancelled entries is left alone. */
  private static final int COMPACT_MIN_SIZE = 64;
  private static final int NO_LANE = -1;
  private static final int NONE = -1;
  /** Marks the end of the bucket array, so the cursor scan needs no bound check. */
  private static final int SENTINEL = Integer.MAX_VALUE;
  /** A sorted insert that walks further than this halves the bucket width. */
  private static final int WALK_LIMIT = 24;

  // The heap: entry i is (heapTime[i], heapSeq[i], heapSlot[i]); the root is entry 0.
  private long[] heapTime = new long[INITIAL_CAPACITY];
  private long[] heapSeq = new long[INITIAL_CAPACITY];
  private int[] heapSlot = new int[INITIAL_CAPACITY];
  private int size;

  // The calendar; bucketHead[BUCKETS] is the sentinel.
  private final int[] bucketHead = new int[BUCKETS + 1];
  private final int[] bucketTail = new int[BUCKETS];
  private int cursor;
  private int shift = INITIAL_SHIFT;
  private long windowStart;
  /** The last instant the window covers (inclusive, so that a window can reach Long.MAX_VALUE). */
  private long windowLast = ((long) BUCKETS << INITIAL_SHIFT) - 1;
  private long firedAtWindowStart;

  // Slots.
  private long[] times = new long[INITIAL_CAPACITY];
  private EventHandler[] handlers = new EventHandler[INITIAL_CAPACITY];
  private long[] args = new long[INITIAL_CAPACITY];
  private long[] seqs = new long[INITIAL_CAPACITY];
  private int[] lanes = new int[INITIAL_CAPACITY];
  private int[] next = new int[INITIAL_CAPACITY];
  private int[] freeSlots = new int[INITIAL_CAPACITY];
  private int freeCount;
  private int slotCount;

  // Lanes: ring buffers of slots, one per fixed delay.
  private int[][] laneSlots = new int[0][];
  private int[] laneHead = new int[0];
  private int[] laneCount = new int[0];

  /** Cancelled non-lane entries still in the calendar or heap (compaction drops those). */
  private int cancelled;
  /** Events scheduled so far; also the next sequence number. */
  private long nextSeq;
  /** Events fired so far (cancelled ones not counted). */
  long fired;
  /** Events cancelled so far. */
  private long cancels;
  /** How often a long sorted insert narrowed the buckets (for tests and tuning). */
  int narrowings;

  EventQueue() {
    Arrays.fill(bucketHead, NONE);
    bucketHead[BUCKETS] = SENTINEL;
  }

  /** Number of events that will still fire. */
  int pendingCount() {
    return (int) (nextSeq - fired - cancels);
  }

  /**
   * Fires events in order until none is left, the next one is after {@code endNanos}, or {@code
   * sim.stopRequested} is set; sets {@code sim.nowNanos} to each event's time before its handler
   * runs. Returns false when it stopped because of {@code stopRequested}.
   */
  boolean fire(Simulation sim, long endNanos) {
    int[] heads = bucketHead;
    while (!sim.stopRequested) {
      int c = cursor;
      int slot;
      while ((slot = heads[c]) == NONE) {
        c++;
      }
      if (slot == SENTINEL) {
        cursor = c;
        if (!nextWindow()) {
          return true;
        }
        continue;
      }
      cursor = c;
      long time = times[slot];
      if (time > endNanos) {
        return true;
      }
      heads[c] = next[slot];
      EventHandler handler = handlers[slot];
      long arg = args[slot];
      int lane = lanes[slot];
      handlers[slot] = null;
      freeSlots[freeCount++] = slot;
      if (lane != NO_LANE) {
        // Move the lane on: its next event, if any, goes into the calendar or heap.
        int[] ring = laneSlots[lane];
        int head = (laneHead[lane] + 1) & (ring.length - 1);
        laneHead[lane] = head;
        int count = laneCount[lane] - 1;
        laneCount[lane] = count;
        if (count > 0) {
          int successor = ring[head];
          insert(times[successor], seqs[successor], successor);
        }
      } else if (handler == null) {
        cancelled--;
      }
      if (handler != null) {
        fired++;
        sim.nowNanos = time;
        // Two call sites, so that each sees fewer handler classes (HotSpot inlines a call site
        // that sees at most two): lanes carry a model's hops, the rest its other events.
        if (lane != NO_LANE) {
          handler.handle(arg);
        } else {
          handler.handle(arg);
        }
      }
    }
    return false;
  }

  /** Creates a lane and returns its index. */
  int newLane() {
    int lane = laneHead.length;
    laneSlots = Arrays.copyOf(laneSlots, lane + 1);
    laneHead = Arrays.copyOf(laneHead, lane + 1);
    laneCount = Arrays.copyOf(laneCount, lane + 1);
    laneSlots[lane] = new int[16];
    return lane;
  }

  /**
   * Adds an event and returns its id.
   *
   * @param timeNanos absolute time, not before the time of the last event fired
   * @param handler not null
   * @param arg passed back to the handler
   */
  long add(long timeNanos, EventHandler handler, long arg) {
    int slot = freeCount > 0 ? freeSlots[--freeCount] : newSlot();
    long seq = nextSeq++;
    times[slot] = timeNanos;
    handlers[slot] = handler;
    args[slot] = arg;
    seqs[slot] = seq;
    lanes[slot] = NO_LANE;
    insert(timeNanos, seq, slot);
    return (seq << 32) | (slot + 1);
  }

  /**
   * Adds an event to a lane; the caller guarantees that {@code timeNanos} is not before the
   * lane's last event (true when every event of the lane has the same delay).
   */
  long addToLane(int lane, long timeNanos, EventHandler handler, long arg) {
    int slot = freeCount > 0 ? freeSlots[--freeCount] : newSlot();
    long seq = nextSeq++;
    times[slot] = timeNanos;
    handlers[slot] = handler;
    args[slot] = arg;
    seqs[slot] = seq;
    lanes[slot] = lane;
    int count = laneCount[lane];
    int[] ring = laneSlots[lane];
    if (count == ring.length) {
      ring = growLane(lane);
    }
    ring[(laneHead[lane] + count) & (ring.length - 1)] = slot;
    laneCount[lane] = count + 1;
    if (count == 0) {
      insert(timeNanos, seq, slot);
    }
    return (seq << 32) | (slot + 1);
  }

  private int[] growLane(int lane) {
    int[] ring = laneSlots[lane];
    int n = ring.length;
    int[] grown = new int[n * 2];
    int head = laneHead[lane];
    for (int i = 0; i < n; i++) {
      grown[i] = ring[(head + i) & (n - 1)];
    }
    laneSlots[lane] = grown;
    laneHead[lane] = 0;
    return grown;
  }

  /** Puts a slot into the calendar when its time is inside the window, else into the heap. */
  private void insert(long time, long seq, int slot) {
    long bucket = (time - windowStart) >> shift;
    if (time > windowLast || bucket < cursor) {
      insertOutsideWindow(time, seq, slot);
      return;
    }
    int b = (int) bucket;
    int tail = bucketTail[b];
    if (bucketHead[b] == NONE) {
      bucketHead[b] = slot;
      bucketTail[b] = slot;
      next[slot] = NONE;
    } else if (times[tail] < time || (times[tail] == time && seqs[tail] < seq)) {
      // After everything in the bucket: the common case, and every tie of a new event.
      next[tail] = slot;
      next[slot] = NONE;
      bucketTail[b] = slot;
    } else {
      sortedInsert(b, time, seq, slot);
    }
  }

  /** Heap events, and events before the cursor (only after runUntil stopped short). */
  private void insertOutsideWindow(long time, long seq, int slot) {
    if (time <= windowLast) {
      // Before the cursor: runUntil stopped short of a window the calendar had moved to.
      rewind(time);
      if (time <= windowLast) {
        insert(time, seq, slot);
        return;
      }
    }
    heapInsert(time, seq, slot);
  }

  /** Inserts a slot into a non-empty bucket whose tail is after it, walking from the head. */
  private void sortedInsert(int bucket, long time, long seq, int slot) {
    int prev = NONE;
    int x = bucketHead[bucket];
    int walked = 0;
    while (times[x] < time || (times[x] == time && seqs[x] < seq)) {
      prev = x;
      x = next[x];
      walked++;
    }
    next[slot] = x;
    if (prev == NONE) {
      bucketHead[bucket] = slot;
    } else {
      next[prev] = slot;
    }
    if (walked > WALK_LIMIT) {
      narrow(bucket);
    }
  }

  /** A sorted insert walked far: unless the bucket is one instant, halve the bucket width. */
  private void narrow(int bucket) {
    if (shift > 0 && times[bucketHead[bucket]] != times[bucketTail[bucket]]) {
      // The buckets are too wide for what is pending now: halve them and refile the window.
      shift--;
      narrowings++;
      rewind(windowStart + ((long) cursor << (shift + 1)));
    }
  }

  /**
   * Starts the next window at the heap's earliest event and moves into it every heap event it
   * covers; returns false when the heap is empty too. Before that, adapts the bucket width to
   * what the last window fired: narrower above 64 events per bucket on average, wider below 8.
   */
  static final int FIX = Integer.getInteger("fix", -1);
  private boolean nextWindow() {
    if (size == 0) {
      // Nothing is pending: every later event goes to the heap until a window opens there.
      windowLast = windowStart - 1;
      return false;
    }
    long firedInWindow = fired - firedAtWindowStart;
    if (FIX >= 0) { shift = FIX; openWindow(heapTime[0]); return true; }
    if (firedInWindow > 64 * BUCKETS && shift > 0) {
      shift--;
    } else if (firedInWindow < 8 * BUCKETS && shift < 40) {
      shift++;
    }
    openWindow(heapTime[0]);
    return true;
  }

  private void openWindow(long start) {
    firedAtWindowStart = fired;
    windowStart = start;
    long span = (long) BUCKETS << shift;
    windowLast = start > Long.MAX_VALUE - span ? Long.MAX_VALUE : start + span - 1;
    cursor = 0;
    while (size > 0 && heapTime[0] <= windowLast) {
      int slot = heapSlot[0];
      long seq = heapSeq[0];
      heapRemoveRoot();
      insert(times[slot], seq, slot);
    }
  }

  /** Moves every calendar entry back to the heap and opens a window at {@code start}. */
  private void rewind(long start) {
    for (int b = cursor; b < BUCKETS; b++) {
      for (int x = bucketHead[b]; x != NONE; x = next[x]) {
        heapInsert(times[x], seqs[x], x);
      }
      bucketHead[b] = NONE;
    }
    openWindow(start);
  }

  private void heapInsert(long timeNanos, long seq, int slot) {
    if (size == heapTime.length) {
      int capacity = grownCapacity(size);
      heapTime = Arrays.copyOf(heapTime, capacity);
      heapSeq = Arrays.copyOf(heapSeq, capacity);
      heapSlot = Arrays.copyOf(heapSlot, capacity);
    }
    siftUp(size++, timeNanos, seq, slot);
  }

  private void heapRemoveRoot() {
    int last = --size;
    if (last > 0) {
      siftDown(0, heapTime[last], heapSeq[last], heapSlot[last]);
    }
  }

  private void release(int slot) {
    handlers[slot] = null;
    freeSlots[freeCount++] = slot;
  }

  /** True while the event with this id is still going to fire. */
  boolean isPending(long eventId) {
    int slot = (int) eventId - 1;
    return slot >= 0
        && slot < slotCount
        && handlers[slot] != null
        && (int) seqs[slot] == (int) (eventId >>> 32);
  }

  /** Cancels the event in O(1); returns false when it already fired or was cancelled. */
  boolean cancel(long eventId) {
    if (!isPending(eventId)) {
      return false;
    }
    int slot = (int) eventId - 1;
    handlers[slot] = null;
    cancels++;
    if (lanes[slot] == NO_LANE) {
      cancelled++;
      if (cancelled >= COMPACT_MIN_SIZE && cancelled > pendingCount()) {
        compact();
      }
    }
    return true;
  }

  /** A slot that was never used yet, growing the slot arrays when they are full. */
  private int newSlot() {
    if (slotCount == handlers.length) {
      if (slotCount == Integer.MAX_VALUE - 8) {
        throw new IllegalStateException("too many pending events: " + slotCount);
      }
      int capacity = grownCapacity(slotCount);
      times = Arrays.copyOf(times, capacity);
      handlers = Arrays.copyOf(handlers, capacity);
      args = Arrays.copyOf(args, capacity);
      seqs = Arrays.copyOf(seqs, capacity);
      lanes = Arrays.copyOf(lanes, capacity);
      next = Arrays.copyOf(next, capacity);
      freeSlots = Arrays.copyOf(freeSlots, capacity);
    }
    return slotCount++;
  }

  private static int grownCapacity(int current) {
    long grown = (long) current + (current >> 1) + 16;
    return (int) Math.min(grown, Integer.MAX_VALUE - 8);
  }

  private void siftUp(int index, long time, long seq, int slot) {
    long[] times = heapTime;
    long[] seqs = heapSeq;
    int[] slots = heapSlot;
    while (index > 0) {
      int parent = (index - 1) >>> 2;
      long parentTime = times[parent];
      long parentSeq = seqs[parent];
      if (time > parentTime || (time == parentTime && seq > parentSeq)) {
        break;
      }
      times[index] = parentTime;
      seqs[index] = parentSeq;
      slots[index] = slots[parent];
      index = parent;
    }
    times[index] = time;
    seqs[index] = seq;
    slots[index] = slot;
  }

  private void siftDown(int index, long time, long seq, int slot) {
    long[] times = heapTime;
    long[] seqs = heapSeq;
    int[] slots = heapSlot;
    int n = size;
    while (true) {
      int first = (index << 2) + 1;
      if (first >= n) {
        break;
      }
      // Branch-free choice of the earliest of up to four children.
      int best = first;
      long bestTime = times[first];
      long bestSeq = seqs[first];
      int end = Math.min(first + 4, n);
      for (int child = first + 1; child < end; child++) {
        long childTime = times[child];
        long childSeq = seqs[child];
        boolean earlier = childTime < bestTime | (childTime == bestTime & childSeq < bestSeq);
        best = earlier ? child : best;
        bestTime = earlier ? childTime : bestTime;
        bestSeq = earlier ? childSeq : bestSeq;
      }
      if (!(bestTime < time | (bestTime == time & bestSeq < seq))) {
        break;
      }
      times[index] = bestTime;
      seqs[index] = bestSeq;
      slots[index] = slots[best];
      index = best;
    }
    times[index] = time;
    seqs[index] = seq;
    slots[index] = slot;
  }

  /** Drops every cancelled non-lane entry from the calendar and the heap (O(n + buckets)). */
  private void compact() {
    for (int b = cursor; b < BUCKETS; b++) {
      int prev = NONE;
      for (int x = bucketHead[b]; x != NONE; ) {
        int following = next[x];
        if (handlers[x] == null && lanes[x] == NO_LANE) {
          if (prev == NONE) {
            bucketHead[b] = following;
          } else {
            next[prev] = following;
          }
          release(x);
        } else {
          prev = x;
        }
        x = following;
      }
      bucketTail[b] = prev;
    }
    int kept = 0;
    for (int i = 0; i < size; i++) {
      int slot = heapSlot[i];
      if (handlers[slot] == null && lanes[slot] == NO_LANE) {
        release(slot);
      } else {
        heapTime[kept] = heapTime[i];
        heapSeq[kept] = heapSeq[i];
        heapSlot[kept] = slot;
        kept++;
      }
    }
    size = kept;
    cancelled = 0;
    for (int i = (size - 2) >>> 2; size > 1 && i >= 0; i--) {
      siftDown(i, heapTime[i], heapSeq[i], heapSlot[i]);
    }
  }
}
