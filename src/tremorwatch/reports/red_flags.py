"""Which logged findings the report shows as red flags.

The set follows ``shared/clinical/evidence.md`` section 3 (NICE NG143 red and amber features,
WHO young-infant danger signs, NICE NG240 meningitis signs, seizure signs of section 1.1 and the
loss-of-skills rule of 3.6). Rules that fired with an ``emergency`` or ``same_day`` disposition
are red flags too (the engine decided so); this set covers signs caregivers logged with an
episode that no assessment looked at. It is a display list, not a triage rule.
"""

from __future__ import annotations

from typing import Final

from tremorwatch.domain.codes import Finding

RED_FLAG_FINDINGS: Final[frozenset[Finding]] = frozenset(
    {
        Finding.UNRESPONSIVE_DURING_EPISODE,
        Finding.LOSS_OF_CONSCIOUSNESS,
        Finding.EYE_DEVIATION_OR_FIXED_STARE,
        Finding.LIP_SMACKING_OR_CHEWING,
        Finding.CYCLING_OR_PEDALLING,
        Finding.STIFFENING_WHOLE_BODY,
        Finding.STIFFENING_ON_STARTLE,
        Finding.SPASM_CLUSTERS,
        Finding.BREATHING_PAUSE,
        Finding.BLUE_OR_GREY_COLOR,
        Finding.PALE_OR_MOTTLED,
        Finding.BREATHING_DIFFICULTY,
        Finding.HARD_TO_WAKE,
        Finding.MOVES_ONLY_WHEN_STIMULATED,
        Finding.FLOPPY,
        Finding.STIFF_LIMBS,
        Finding.NOT_FEEDING_AT_ALL,
        Finding.BULGING_FONTANELLE,
        Finding.HIGH_PITCHED_OR_INCONSOLABLE_CRY,
        Finding.NON_BLANCHING_RASH,
        Finding.NECK_STIFFNESS,
        Finding.LOSS_OF_SKILLS,
        Finding.NOT_USING_ONE_SIDE,
        Finding.HEAD_INJURY,
        Finding.POSSIBLE_TOXIN_OR_MEDICINE_INGESTION,
    }
)
