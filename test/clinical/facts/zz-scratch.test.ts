import fs from 'node:fs';
import { loadKnowledge } from '../../../src/clinical/knowledge/load';
import { extractFacts } from '../../../src/clinical/facts';
import { buildPatientRecord } from '../../../src/fhir/record';

test('scratch', () => {
  const k = loadKnowledge('hooks');
  const out: string[] = [];
  for (const f of fs.readdirSync('fhir-fixtures/scenarios').sort()) {
    const s = JSON.parse(fs.readFileSync(`fhir-fixtures/scenarios/${f}`, 'utf8'));
    const record = buildPatientRecord(s.request.context.patientId, Object.values(s.request.prefetch ?? {}));
    const facts = extractFacts({ hook: s.request.hook, serviceId: s.service, patientId: s.request.context.patientId, record, now: new Date(s.now) }, k);
    const e = facts.episode;
    out.push(`${f}: ${e ? `${e.segment} ${e.veins.map((v) => v.vein + '/' + v.side).join('+')} n=${e.veinCount} mo=${e.muscularOnly} len=${e.lengthCm} dia=${e.maxDiameterMm} dist=${e.distanceToProximalCm} prot=${e.protocol} pe=${e.pe}` : 'no-episode'} lim=${facts.limitedScan?.protocol ?? '-'}
   dd=${facts.dDimer ? `${facts.dDimer.valueFeuNgMl}/${facts.dDimer.positive}/m=${facts.dDimer.marked}/${facts.dDimer.cutoffSource}/${facts.dDimer.confounders}` : 'none'} age=${facts.ageYears} wt=${facts.weightKg} crcl=${facts.renal.crclMlMin?.toFixed(0)} bleed=${facts.bleeding.score}/${facts.bleeding.category} CI=${facts.bleeding.contraindications.map((c) => c.label)} ac=${facts.anticoagulants.map((a) => a.agent + ':' + a.intent + ':' + a.plannedEnd)} ca=${facts.activeCancer ? facts.activeCancer.site + (facts.activeCancer.metastatic ? '+met' : '') : '-'} preg=${facts.pregnant} pp=${facts.postpartumDays} bf=${facts.breastfeeding}
   prior=${facts.priorVte} inpt=${facts.inpatientOrRecentHosp} surg=${facts.recentSurgery} covid=${facts.covid19} prov=${facts.provocation} sev=${facts.severeSymptoms} pref=${facts.preference} fu=${facts.followUps.map((x) => x.date + ':' + x.status)} plan=${facts.surveillancePlan ? facts.surveillancePlan.scans.map((x) => `${x.windowStart}..${x.windowEnd}:${x.status}:${x.completed}`).join(',') : '-'}
   ev=${Object.keys(facts.evidence).join(',')}
   missing=${facts.missing.join(' | ')}`);
  }
  fs.writeFileSync('/tmp/gen/facts-summary.txt', out.join('\n'));
});
