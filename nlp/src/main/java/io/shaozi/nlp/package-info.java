/** Chinese text analysis for resident requests, on HanLP. Depends on nothing of Shaozi's. */
package io.shaozi.nlp;
