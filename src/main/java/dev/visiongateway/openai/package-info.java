/**
 * The OpenAI chat-completions wire records the router speaks: requests, messages and their parts, answers and
 * stream chunks. Only the router adapter uses them; the domain speaks {@code vision} types.
 */
package dev.visiongateway.openai;
