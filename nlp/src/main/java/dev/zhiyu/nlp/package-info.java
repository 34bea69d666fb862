/** Chinese text analysis: segmentation, entities, intent classification, sentence encoding, retrieval. No HTTP, no database. */
package dev.zhiyu.nlp;
