package com.companion.inference.node;

import ai.djl.Device;
import ai.djl.engine.Engine;
import com.companion.inference.engine.InferenceEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Loads the checkpoint once at start and warms the engine up in the background. */
@Configuration(proxyBeanMethods = false)
public class EngineConfiguration {

  private static final Logger log = LoggerFactory.getLogger(EngineConfiguration.class);

  @Bean(destroyMethod = "close")
  InferenceEngine inferenceEngine(InferenceProperties properties) throws IOException {
    Path dir = resolveModelDir(properties.modelDir());
    Device device = device(properties.device());
    log.info("loading checkpoint {} on {}", dir, device);
    InferenceEngine engine = InferenceEngine.open(dir, device, properties.engineSettings());
    Thread warmUp =
        new Thread(
            () -> {
              try {
                engine.warmUp();
                log.info("model {} warmed up, node ready", engine.modelName());
              } catch (RuntimeException e) {
                log.error("warm-up failed; the node stays not ready", e);
              }
            },
            "inference-warm-up");
    warmUp.setDaemon(true);
    warmUp.start();
    return engine;
  }

  static Path resolveModelDir(String configured) throws IOException {
    Path path = Path.of(configured);
    if (path.isAbsolute() || Files.exists(path.resolve("config.json"))) {
      return path;
    }
    Path inModule = Path.of("inference-node").resolve(path);
    if (Files.exists(inModule.resolve("config.json"))) {
      return inModule;
    }
    throw new IOException(
        "no checkpoint (config.json) at "
            + path.toAbsolutePath()
            + " or "
            + inModule.toAbsolutePath());
  }

  static Device device(String setting) {
    return switch (setting.toLowerCase(Locale.ROOT)) {
      case "cpu" -> Device.cpu();
      case "gpu" -> Device.gpu();
      case "auto" -> Engine.getEngine("PyTorch").getGpuCount() > 0 ? Device.gpu() : Device.cpu();
      default -> throw new IllegalArgumentException("inference.device must be auto, cpu or gpu");
    };
  }
}
