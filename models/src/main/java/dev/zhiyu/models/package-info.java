/** The lifecycle of trained artifacts: datasets, training jobs, evaluation reports, a versioned registry per tenant. */
package dev.zhiyu.models;
