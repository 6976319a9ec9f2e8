package com.companion.gateway.openai;

import com.companion.gateway.deployment.DeploymentCatalog;
import com.companion.gateway.deployment.ModelAlias;
import com.companion.gateway.openai.ChatCompletionWire.Model;
import com.companion.gateway.openai.ChatCompletionWire.ModelList;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /v1/models}: the aliases clients can put in {@code model}. */
@RestController
public class ModelsController {

  private final DeploymentCatalog catalog;

  public ModelsController(DeploymentCatalog catalog) {
    this.catalog = catalog;
  }

  @GetMapping("/v1/models")
  public ModelList list() {
    return new ModelList("list", catalog.all().stream().map(ModelsController::model).toList());
  }

  @GetMapping("/v1/models/{model}")
  public Model get(@PathVariable String model) {
    return catalog
        .find(model)
        .map(ModelsController::model)
        .orElseThrow(() -> OpenAiException.modelNotFound(model));
  }

  private static Model model(ModelAlias alias) {
    return new Model(alias.alias(), "model", alias.createdAt().getEpochSecond(), "companion");
  }
}
