package com.companion.inference.engine.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.companion.inference.model.ModelConfig;
import java.util.ArrayDeque;

/**
 * Keys and values of every sequence, in fixed-size blocks carved from one preallocated array per
 * layer, so the memory budget is fixed at start and never grows with traffic. Block 0 is a scratch
 * block: padded rows of a batch write there and read from there, masked out.
 */
public final class KvBlockPool implements AutoCloseable {

  private final int blockSize;
  private final int blocks;
  private final NDArray[] keys;
  private final NDArray[] values;
  private final int[] refCount;
  private final ArrayDeque<Integer> free = new ArrayDeque<>();
  private final PrefixCache prefixCache;

  public KvBlockPool(
      NDManager manager, ModelConfig config, long budgetBytes, int blockSize, PrefixCache cache) {
    this.blockSize = blockSize;
    long perBlock = bytesPerBlock(config, blockSize);
    this.blocks =
        (int) Math.max(2, Math.min(Integer.MAX_VALUE / blockSize, budgetBytes / perBlock));
    this.prefixCache = cache;
    keys = new NDArray[config.numHiddenLayers()];
    values = new NDArray[config.numHiddenLayers()];
    Shape shape = new Shape((long) blocks * blockSize, config.numKeyValueHeads(), config.headDim());
    for (int l = 0; l < keys.length; l++) {
      keys[l] = manager.zeros(shape, DataType.FLOAT32);
      values[l] = manager.zeros(shape, DataType.FLOAT32);
    }
    refCount = new int[blocks];
    for (int b = 1; b < blocks; b++) {
      free.add(b);
    }
  }

  public static long bytesPerBlock(ModelConfig c, int blockSize) {
    return 2L * c.numHiddenLayers() * blockSize * c.numKeyValueHeads() * c.headDim() * 4L;
  }

  public int blockSize() {
    return blockSize;
  }

  /** Blocks sequences can use (the scratch block excluded). */
  public int capacity() {
    return blocks - 1;
  }

  /** Blocks that an allocation could get now: free ones and evictable cached ones. */
  public int available() {
    return free.size() + prefixCache.evictableBlocks();
  }

  /** Blocks referenced by at least one sequence. */
  public int used() {
    return capacity() - available();
  }

  public NDArray keys(int layer) {
    return keys[layer];
  }

  public NDArray values(int layer) {
    return values[layer];
  }

  /** A block for one more owner, evicting the least recently used cached prefix if needed. */
  public int allocate() {
    Integer block = free.poll();
    if (block == null) {
      int evicted = prefixCache.evict();
      if (evicted < 0) {
        throw new IllegalStateException("KV pool exhausted");
      }
      block = evicted;
    }
    refCount[block] = 1;
    return block;
  }

  /** Another sequence shares a cached block. */
  public void retain(int block) {
    if (refCount[block]++ == 0) {
      prefixCache.referenced(block);
    }
  }

  public void release(int block) {
    if (--refCount[block] == 0) {
      if (prefixCache.isCached(block)) {
        prefixCache.unreferenced(block);
      } else {
        free.add(block);
      }
    }
  }

  @Override
  public void close() {
    for (int l = 0; l < keys.length; l++) {
      keys[l].close();
      values[l].close();
    }
  }
}
