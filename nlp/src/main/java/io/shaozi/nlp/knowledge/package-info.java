/**
 * The knowledge base: Markdown entries (title, other ways to ask, answer), ranked retrieval over them with Lucene
 * (BM25 over HanLP words and character bigrams, title and questions boosted), and the decision whether a message is a
 * question to answer from it at all (never a complaint or a fault report). Depends on nothing of Shaozi's but
 * {@code io.shaozi.nlp}.
 */
package io.shaozi.nlp.knowledge;
