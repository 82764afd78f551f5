package dev.peerl.runtime.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ProcessSlotsTest {
  /** A value that carries its key, as a process carries its pid. */
  private record Value(int key) {}

  private static ProcessSlots<Value> slots() {
    return new ProcessSlots<>(Value::key);
  }

  @Test
  void findsWhatWasPutUntilItIsRemoved() {
    ProcessSlots<Value> slots = slots();
    Value one = new Value(1);
    slots.add(one);
    assertSame(one, slots.get(1));
    assertNull(slots.get(2));
    assertEquals(1, slots.size());
    assertSame(one, slots.remove(1));
    assertNull(slots.remove(1));
    assertNull(slots.get(1));
    assertEquals(0, slots.size());
  }

  @Test
  void agreesWithAHashMapOverRandomPutsAndRemoves() {
    ProcessSlots<Value> slots = slots();
    Map<Integer, Value> expected = new HashMap<>();
    SplittableRandom random = new SplittableRandom(42);
    for (int i = 0; i < 200_000; i++) {
      int key = random.nextInt(1 << 28) & (i % 3 == 0 ? 0xFFF : 0xFFFFFFF);
      if (random.nextInt(3) == 0) {
        assertEquals(expected.remove(key), slots.remove(key));
      } else if (!expected.containsKey(key)) {
        Value value = new Value(key);
        expected.put(key, value);
        slots.add(value);
      }
      if (i % 1000 == 0) {
        assertEquals(expected.size(), slots.size());
      }
    }
    for (Map.Entry<Integer, Value> entry : expected.entrySet()) {
      assertSame(entry.getValue(), slots.get(entry.getKey()));
    }
    assertEquals(expected.size(), slots.size());
  }

  @Test
  void growsWithItsValuesAndShrinksWhenTheyLeave() {
    ProcessSlots<Value> slots = slots();
    for (int key = 0; key < 100_000; key++) {
      slots.add(new Value(key));
    }
    assertTrue(slots.capacity() >= 2 * 100_000, "capacity " + slots.capacity());
    assertTrue(slots.capacity() <= 4 * 100_000, "capacity " + slots.capacity());
    for (int key = 0; key < 100_000; key++) {
      assertEquals(key, slots.remove(key).key());
    }
    assertTrue(slots.capacity() <= 64, "capacity " + slots.capacity());
  }

  @Test
  void keysAllocatedAtFreeHomesSitAtTheirHomes() {
    ProcessSlots<Value> slots = slots();
    // As the process table allocates: the next key whose home is free, with a rolling window of
    // live values and some that live long.
    int key = 0;
    List<Integer> live = new ArrayList<>();
    for (int i = 0; i < 300_000; i++) {
      while (!slots.homeFree(key)) {
        key++;
      }
      slots.add(new Value(key));
      live.add(key);
      key++;
      if (live.size() > 20_000 && i % 100 != 0) {
        slots.remove(live.remove(live.size() - 20_000));
      }
    }
    assertEquals(0, slots.reach());
    for (int k : live) {
      assertEquals(k, slots.get(k).key());
    }
  }

  @Test
  void keysThatShareAHomeWidenTheArrayInsteadOfQueueingFarFromIt() {
    ProcessSlots<Value> slots = slots();
    // 1,000 consecutive keys, then 100 that each share a home with one of them in a 4,096-slot
    // array (they differ in bit 12): the array widens rather than put them 1,000 slots away.
    for (int key = 0; key < 1_000; key++) {
      slots.add(new Value(key));
    }
    for (int key = 0; key < 100; key++) {
      slots.add(new Value((1 << 12) | key));
    }
    assertTrue(slots.reach() <= 8, "reach " + slots.reach());
    assertTrue(slots.capacity() >= 8192, "capacity " + slots.capacity());
    for (int key = 0; key < 100; key++) {
      assertEquals((1 << 12) | key, slots.get((1 << 12) | key).key());
      assertEquals(key, slots.get(key).key());
    }
    assertNull(slots.get(2 << 12));
  }

  @Test
  void keysThatShareAHomeInEveryWidthStillAllResolve() {
    ProcessSlots<Value> slots = slots();
    // Keys that differ only above bit 25: no array narrower than 2^26 slots separates them, and
    // the array grows at most 16 times wider than its count needs.
    for (int i = 0; i < 20; i++) {
      slots.add(new Value(i << 26));
    }
    assertTrue(slots.capacity() <= 1024, "capacity " + slots.capacity());
    for (int i = 0; i < 20; i++) {
      assertEquals(i << 26, slots.get(i << 26).key());
    }
    assertNull(slots.get(20 << 26));
    for (int i = 0; i < 20; i++) {
      assertEquals(i << 26, slots.remove(i << 26).key());
    }
    assertEquals(0, slots.size());
  }

  @Test
  void anArrayShrinksOnlyAsFarAsItsKeysStayNearTheirHomes() {
    ProcessSlots<Value> slots = slots();
    // Keys 0..99 and 2^12 + 0..99 share homes in every array narrower than 2^13 slots.
    for (int key = 0; key < 100; key++) {
      slots.add(new Value(key));
      slots.add(new Value((1 << 12) | key));
    }
    assertTrue(slots.capacity() >= 8192, "capacity " + slots.capacity());
    assertTrue(slots.reach() <= 8, "reach " + slots.reach());
    // Fewer than an eighth of the slots are taken, but a narrower array would put values far
    // from their homes: it stays as it is.
    for (int key = 0; key < 100; key++) {
      slots.remove((1 << 12) | key);
    }
    assertTrue(slots.reach() <= 8, "reach " + slots.reach());
    for (int key = 0; key < 100; key++) {
      assertEquals(key, slots.get(key).key());
      assertNull(slots.get((1 << 12) | key));
    }
    // Once the count has halved since that try, it shrinks.
    for (int key = 0; key < 60; key++) {
      slots.remove(key);
    }
    assertTrue(slots.capacity() <= 256, "capacity " + slots.capacity());
    for (int key = 60; key < 100; key++) {
      assertEquals(key, slots.get(key).key());
    }
    for (int key = 60; key < 100; key++) {
      slots.remove(key);
    }
    assertTrue(slots.capacity() <= 64, "capacity " + slots.capacity());
  }

  @Test
  void readersNeverMissALiveValueWhileAWriterChurnsAround() throws Exception {
    ProcessSlots<Value> slots = slots();
    List<Value> resident = new ArrayList<>();
    for (int key = 0; key < 1_000; key++) {
      Value value = new Value(key * 7919);
      resident.add(value);
      slots.add(value);
    }
    AtomicBoolean stop = new AtomicBoolean();
    AtomicReference<String> failure = new AtomicReference<>();
    List<Thread> readers = new ArrayList<>();
    for (int r = 0; r < 2; r++) {
      Thread reader =
          new Thread(
              () -> {
                while (!stop.get() && failure.get() == null) {
                  for (Value value : resident) {
                    if (slots.get(value.key()) != value) {
                      failure.set("missed " + value.key());
                    }
                  }
                }
              });
      reader.start();
      readers.add(reader);
    }
    // Churn: a rolling window of short-lived values grows, purges and shrinks the array.
    int next = 1 << 27;
    for (int i = 0; i < 300_000 && failure.get() == null; i++) {
      slots.add(new Value(next + i));
      if (i >= 5_000) {
        slots.remove(next + i - 5_000);
      }
    }
    stop.set(true);
    for (Thread reader : readers) {
      reader.join(TimeUnit.SECONDS.toMillis(10));
    }
    assertNull(failure.get());
    assertEquals(1_000 + 5_000, slots.size());
  }
}
