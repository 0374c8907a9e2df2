// `npm run classifier:evaluate`: accuracy of the routing classifier on the held-out part of its data
// set (a deterministic split by hash of the text), plus 5-fold cross-validation over all of it, and
// the held-out reports it got wrong. Figures go into docs/complaints-routing.md.
import {
  crossValidate,
  evaluateClassifier,
  splitExamples,
  trainClassifier,
} from '../src/modules/complaints/routing/classifier/classifier.js';
import { ROUTING_DATASET } from '../src/modules/complaints/routing/classifier/dataset.js';

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
const { train, heldOut } = splitExamples(ROUTING_DATASET);
const result = evaluateClassifier(trainClassifier(train), heldOut);
const cv = crossValidate(ROUTING_DATASET, 5);

console.log(`data set: ${ROUTING_DATASET.length} examples (train ${train.length}, held out ${heldOut.length})`);
console.log(`held-out accuracy  category ${pct(result.categoryAccuracy)}  agency ${pct(result.agencyAccuracy)}`);
console.log(`held-out: right category among the top 3 suggestions ${pct(result.categoryTop3Accuracy)}`);
console.log(`5-fold CV accuracy category ${pct(cv.categoryAccuracy)}  agency ${pct(cv.agencyAccuracy)}`);
if (process.argv.includes('--misses')) {
  for (const m of result.misses) console.log(`  ${m.expected} → ${m.suggested}: ${m.text}`);
}
