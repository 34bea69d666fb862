package dev.zhiyu.knowledge;

import java.util.List;

/**
 * The actual controller of a company. {@code chain} runs from the controller down to the company through the holders
 * that carry control; {@code controllingShareholder} is the direct holder at the bottom of that chain.
 */
public record Controller(Party company, ControlStatus status, Party controller, Party controllingShareholder,
                         ControlBasis basis, double votes, List<Party> chain, boolean stateOwned, String explanation) {
    public Controller {
        chain = List.copyOf(chain);
    }
}
