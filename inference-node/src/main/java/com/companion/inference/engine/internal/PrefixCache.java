package com.companion.inference.engine.internal;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;

/**
 * Full KV blocks of prompt prefixes, found again by a hash chain: the hash of block i covers its
 * tokens and the hash of block i-1, so a hit on block i means the whole prefix up to it matches. A
 * cached block stays while any sequence references it; unreferenced ones wait in LRU order and are
 * the first to be reclaimed when the pool runs out of free blocks.
 */
public final class PrefixCache {

  private record Entry(long hash, long[] tokens) {}

  private final Map<Long, Integer> blockByHash = new HashMap<>();
  private final Map<Integer, Entry> entryByBlock = new HashMap<>();
  private final LinkedHashSet<Integer> unreferenced = new LinkedHashSet<>();

  /** Chain hashes of every full block of {@code tokens}. */
  public static long[] chainHashes(long[] tokens, int blockSize) {
    long[] hashes = new long[tokens.length / blockSize];
    long h = 0x9E3779B97F4A7C15L;
    for (int b = 0; b < hashes.length; b++) {
      for (int i = b * blockSize; i < (b + 1) * blockSize; i++) {
        h = mix(h ^ tokens[i]);
      }
      h = mix(h + b);
      hashes[b] = h;
    }
    return hashes;
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** The cached block holding exactly {@code tokens} under {@code hash}, or -1. */
  public int lookup(long hash, long[] tokens) {
    Integer block = blockByHash.get(hash);
    if (block == null || !Arrays.equals(entryByBlock.get(block).tokens(), tokens)) {
      return -1;
    }
    return block;
  }

  public boolean isCached(int block) {
    return entryByBlock.containsKey(block);
  }

  public void register(int block, long hash, long[] tokens) {
    if (blockByHash.containsKey(hash) || entryByBlock.containsKey(block)) {
      return;
    }
    blockByHash.put(hash, block);
    entryByBlock.put(block, new Entry(hash, tokens));
  }

  /** A cached block lost its last reference: keep it, evictable, most recent last. */
  public void unreferenced(int block) {
    unreferenced.add(block);
  }

  /** A cached block is in use again: not evictable. */
  public void referenced(int block) {
    unreferenced.remove(block);
  }

  public int evictableBlocks() {
    return unreferenced.size();
  }

  public int cachedBlocks() {
    return entryByBlock.size();
  }

  /** Forgets the least recently released block and hands it back for reuse, or -1. */
  public int evict() {
    Iterator<Integer> it = unreferenced.iterator();
    if (!it.hasNext()) {
      return -1;
    }
    int block = it.next();
    it.remove();
    Entry e = entryByBlock.remove(block);
    blockByHash.remove(e.hash());
    return block;
  }
}
