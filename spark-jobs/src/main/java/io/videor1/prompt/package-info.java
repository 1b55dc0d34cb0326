/**
 * The question a model sees, built in one place for training, evaluation, the MLlib model and the demo: a record's
 * question and frames ({@link io.videor1.prompt.Question}, {@link io.videor1.prompt.PromptMeta}), how its text is
 * worded ({@link io.videor1.prompt.PromptStyle}), the chat prompts ({@link io.videor1.prompt.Prompts}) and T-GRPO's
 * seeded frame shuffle ({@link io.videor1.prompt.FrameShuffle}).
 */
package io.videor1.prompt;
