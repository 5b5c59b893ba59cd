package dev.visiongateway.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.annotation.JsonIgnore;

import dev.visiongateway.api.ModelsResource;
import dev.visiongateway.openai.ChatChunk;
import dev.visiongateway.openai.ChatCompletion;
import dev.visiongateway.openai.ChatRequest;
import dev.visiongateway.problem.OpenAiError;
import dev.visiongateway.problem.Problem;
import dev.visiongateway.vision.StreamEvent;
import dev.visiongateway.vision.VisionAnswer;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A native image keeps only the reflection it is told about, and no JVM test would notice a missing type: this
 * test walks every record the gateway serializes by hand (ResponseBodies' writeValueAsString, RouterBackend's and
 * RouterStream's valueToTree/convertValue) down to its nested records, enums and sealed parts, and checks each is
 * listed in a {@code @RegisterForReflection(targets = ...)}.
 */
class NativeReflectionTest {

    private static final Class<?> LOCAL_OCR_JSON = localOcrJson();

    /** The types handed to an ObjectMapper by hand; their nested types are found by the walk. */
    private static final Class<?>[] SERIALIZED_BY_HAND = {
            VisionAnswer.class, StreamEvent.Meta.class, StreamEvent.Delta.class, StreamEvent.Done.class,
            Problem.class, OpenAiError.Body.class, ModelsResource.ModelList.class,
            ChatRequest.class, ChatCompletion.class, ChatChunk.class, LOCAL_OCR_JSON };

    private static final String[] REGISTRATIONS = {
            "dev.visiongateway.api.AnswerTypes", "dev.visiongateway.upstream.RouterWireTypes",
            "dev.visiongateway.local.LocalWireTypes" };

    /** OcrLayout's JSON record is package-private to the local engine. */
    private static Class<?> localOcrJson() {
        try {
            return Class.forName("dev.visiongateway.local.OcrLayout$JsonImage");
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void everyTypeSerializedByHandIsRegisteredForReflection() throws ClassNotFoundException {
        Set<Class<?>> registered = new LinkedHashSet<>();
        for (String name : REGISTRATIONS) {
            RegisterForReflection registration = Class.forName(name).getAnnotation(RegisterForReflection.class);
            assertThat(registration).as(name + " carries @RegisterForReflection").isNotNull();
            registered.addAll(Arrays.asList(registration.targets()));
        }

        Set<Class<?>> reachable = new LinkedHashSet<>();
        for (Class<?> root : SERIALIZED_BY_HAND) {
            walk(root, reachable);
        }

        assertThat(names(reachable)).as("types Jackson reaches from the hand-serialized records")
                .contains("dev.visiongateway.openai.ContentPart$ImageUrl$Ref", "dev.visiongateway.image.ImageReport",
                        "dev.visiongateway.image.Detail");
        assertThat(names(registered)).containsAll(names(reachable));
    }

    private static void walk(Type type, Set<Class<?>> found) {
        if (type instanceof ParameterizedType parameterized) {
            walk(parameterized.getRawType(), found);
            Arrays.stream(parameterized.getActualTypeArguments()).forEach(argument -> walk(argument, found));
        } else if (type instanceof WildcardType wildcard) {
            Arrays.stream(wildcard.getUpperBounds()).forEach(bound -> walk(bound, found));
        } else if (type instanceof GenericArrayType array) {
            walk(array.getGenericComponentType(), found);
        } else if (type instanceof Class<?> candidate && candidate.getName().startsWith("dev.visiongateway.")) {
            walkClass(candidate, found);
        }
    }

    private static void walkClass(Class<?> type, Set<Class<?>> found) {
        if (type.isSealed()) {
            // Jackson serializes the runtime class of a List<ContentPart> element, never the interface
            Arrays.stream(type.getPermittedSubclasses()).forEach(part -> walk(part, found));
            return;
        }
        if (!found.add(type) || !type.isRecord()) {
            return;
        }
        for (RecordComponent component : type.getRecordComponents()) {
            if (!component.getAccessor().isAnnotationPresent(JsonIgnore.class)) {
                walk(component.getGenericType(), found);
            }
        }
    }

    private static Set<String> names(Set<Class<?>> types) {
        Set<String> names = new TreeSet<>();
        types.forEach(type -> names.add(type.getName()));
        return names;
    }
}
