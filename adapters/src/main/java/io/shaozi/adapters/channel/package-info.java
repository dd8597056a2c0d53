/**
 * The channel interface every platform implements ({@link io.shaozi.adapters.channel.ChatChannel}, declared by a
 * {@link io.shaozi.adapters.channel.ChannelType} and registered in
 * {@link io.shaozi.adapters.channel.ChannelRegistry}), the one send outcome, rate-limit declarations and the one
 * {@link io.shaozi.adapters.channel.Limiter} (Bucket4j). See docs/adding-a-channel.md.
 */
package io.shaozi.adapters.channel;
