package com.companion.inference;

import ai.djl.ndarray.NDManager;
import com.companion.inference.model.BpeTrainer;
import com.companion.inference.model.Checkpoint;
import com.companion.inference.model.MixtralModel;
import com.companion.inference.model.ModelConfig;
import java.io.IOException;
import java.nio.file.Path;

/** Builds small checkpoint folders with random weights and a freshly learned tokenizer. */
public final class TinyCheckpoint {

  public static final String TEXT =
      """
      ROMEO: But soft, what light through yonder window breaks? It is the east.
      JULIET: O Romeo, Romeo, wherefore art thou Romeo? Deny thy father.
      NURSE: Now, by my maidenhead at twelve year old, I bade her come.
      MERCUTIO: A plague on both your houses! They have made worms' meat of me.
      """;

  public static final int VOCAB = 320;

  private TinyCheckpoint() {}

  public static ModelConfig config(int sharedExpert) {
    return ModelConfig.of(VOCAB, 64, 48, 2, 4, 2, 4, 2, sharedExpert, 512, 0, 4);
  }

  /** Writes a random model (seeded) with tokenizer into {@code dir}. */
  public static Path create(Path dir, ModelConfig config, long seed) throws IOException {
    BpeTrainer.train(TEXT.repeat(3), VOCAB, dir);
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      MixtralModel model = new MixtralModel(config);
      model.initializeRandom(manager, seed, 0.3);
      Checkpoint.save(dir, model);
    }
    return dir;
  }
}
