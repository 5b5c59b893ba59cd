package dev.visiongateway.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

class CatalogParserTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void readsEveryAcceptedShape() throws Exception {
        List<CatalogModel> models = CatalogParser.parse(json.readTree("""
                {"models": [
                  {"slug": "a/one", "architecture": {"input_modalities": ["Text", "IMAGE"]}, "extra": {"x": 1}},
                  {"id": "b/two", "modalities": {"input": ["text", "image"], "output": ["text"]}},
                  {"id": "c/three", "input_modalities": ["text"]},
                  {"id": "d/four"},
                  {"name": ""}
                ]}"""), id -> id.startsWith("a/"));

        assertThat(models).extracting(CatalogModel::id).containsExactly("a/one", "b/two", "c/three", "d/four");
        assertThat(models).extracting(CatalogModel::imageCapable).containsExactly(true, true, false, true);
        assertThat(models.get(0).takesDetail()).isTrue();
        assertThat(models.get(2).operations()).isEmpty();
    }

    @Test
    void readsABareList() throws Exception {
        assertThat(CatalogParser.parse(json.readTree("[{\"id\": \"x/y\"}]"), id -> false)).hasSize(1);
    }
}
