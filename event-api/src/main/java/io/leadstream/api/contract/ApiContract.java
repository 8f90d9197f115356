package io.leadstream.api.contract;

import io.leadstream.access.RequiresScope;
import io.swagger.v3.core.util.Yaml31;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The API contract at {@code /v3/api-docs} (SPEC §10). springdoc describes the controllers; what Java cannot
 * say — the event body per {@code eventType}, the seeds' examples, problem+json errors — is written in
 * {@code openapi/contract.yaml} and merged in here: its components are added and, for each of its operations,
 * the request body and responses replace the generated ones (summary, description and operationId stay).
 * Every operation guarded by {@link RequiresScope} gets the bearer requirement naming its scope (OpenAPI 3.1
 * lets a non-OAuth requirement list roles) and the 401/403 problem responses.
 */
@Configuration(proxyBeanMethods = false)
public class ApiContract {
  public static final String BEARER = "bearerAuth";
  static final String RESOURCE = "/openapi/contract.yaml";

  @Bean
  OperationCustomizer scopedOperations() {
    return (operation, handler) -> {
      RequiresScope scope = handler.getMethodAnnotation(RequiresScope.class);
      if (scope != null) {
        operation.addSecurityItem(new SecurityRequirement().addList(BEARER, scope.value().wireName()));
        ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
        responses.putIfAbsent("401", new ApiResponse().$ref("#/components/responses/Unauthorized"));
        responses.putIfAbsent("403", new ApiResponse().$ref("#/components/responses/Forbidden"));
        operation.setResponses(responses);
      }
      return operation;
    };
  }

  @Bean
  OpenApiCustomizer handWrittenContract() {
    OpenAPI fragment = load();
    return openApi -> merge(openApi, fragment);
  }

  static OpenAPI load() {
    try (InputStream in = ApiContract.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the jar");
      }
      return Yaml31.mapper().readValue(in, OpenAPI.class);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }

  static void merge(OpenAPI target, OpenAPI fragment) {
    if (fragment.getInfo() != null) {
      target.setInfo(fragment.getInfo());
    }
    Components components = target.getComponents() == null ? new Components() : target.getComponents();
    Components extra = fragment.getComponents();
    extra.getSchemas().forEach(components::addSchemas);
    extra.getResponses().forEach(components::addResponses);
    extra.getSecuritySchemes().forEach(components::addSecuritySchemes);
    if (extra.getExamples() != null) {
      extra.getExamples().forEach(components::addExamples);
    }
    target.setComponents(components);
    fragment.getPaths().forEach((path, item) -> {
      PathItem generated = target.getPaths() == null ? null : target.getPaths().get(path);
      if (generated == null) {
        throw new IllegalStateException("contract.yaml describes " + path + ", which no controller serves");
      }
      for (Map.Entry<PathItem.HttpMethod, Operation> e : item.readOperationsMap().entrySet()) {
        Operation op = generated.readOperationsMap().get(e.getKey());
        if (op == null) {
          throw new IllegalStateException("contract.yaml describes " + e.getKey() + " " + path + ", which no controller serves");
        }
        op.setRequestBody(e.getValue().getRequestBody());
        op.setResponses(e.getValue().getResponses());
      }
    });
  }
}
