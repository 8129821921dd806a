import json, random
S="tremorwatch.assessment/1"
C=[]
def c(title,story,infant,episode=None,findings=None,vitals=None,motion=None,source="",tags=()):
    inp={"schema":S,"infant":infant}
    if episode is not None: inp["episode"]=episode
    if findings: inp["findings"]=findings
    if vitals: inp["vitals"]=vitals
    if motion: inp["motion"]=motion
    C.append({"title":title,"story":story,"input":inp,"source":source,"tags":list(tags)})
E1="evidence.md 1.1-1.3; Parker et al. 1990, Pediatrics 85:17 (jitteriness in full-term neonates)"
SZ="evidence.md 3.5; Pressler et al. 2021, ILAE classification of seizures in the neonate, Epilepsia 62:615"
FS="evidence.md 3.1, 3.5; AAP Subcommittee on Febrile Seizures 2011, Pediatrics 127:389"
NG="evidence.md 3.1; NICE NG143 (fever in under 5s)"
WHO="evidence.md 3.2; WHO IMCI young infant danger signs"
MEN="evidence.md 3.3; NICE NG240 (bacterial meningitis and meningococcal disease, 2024)"
DH="evidence.md 3.4; NICE CG84 (diarrhoea and vomiting in under 5s)"
IS="evidence.md 2, 5; Pellock et al. 2010, Neurology 74:1983 (US consensus on infantile spasms)"
NAS="evidence.md 2; Hudak & Tan 2012, AAP clinical report on neonatal drug withdrawal, Pediatrics 129:e540"
VK="evidence.md 2, 5; AAP Committee on Fetus and Newborn 2003, Controversies concerning vitamin K and the newborn, Pediatrics 112:191"
B12="evidence.md 2; Dror & Allen 2008, Nutr Rev 66:250 (effect of B12 deficiency on infant neurodevelopment)"
SL="evidence.md 1.3; case series PMID 19380069, neonatal sleep myoclonus: history and semiology, 18 infants (https://read.qxmd.com/read/19380069)"
SH="evidence.md 1.3; Vanasse et al. 1976, Neurology 26:1027, doi:10.1212/wnl.26.11.1027 (shuddering attacks, case report series)"
AG="evidence.md 3.6 (age and persistence rules)"
HT="evidence.md 2, 5; Christian & AAP Committee on Child Abuse 2015, Pediatrics 135:e1337 (abusive head trauma)"
# ---- home-care-ish benign
c("Three-day-old's legs tremble when she cries before feeds","She's 3 days old. When she screams for a feed her legs and chin go all trembly, really quick little shakes. If I put my hand on her leg it stops straight away, and once she's latched she's fine. Feeding well, lots of wet nappies.",
 {"age_days":3,"gestational_age_weeks":40,"sex":"female"},
 {"body_parts":["left_leg","right_leg","chin"],"rhythmic":"yes","speed":"fast_fine","typical_duration_s":5,"states":["crying_or_upset","hungry"],"stops_with_gentle_hold":"yes","happening_now":"no"},
 None,{"wet_diapers_24h":6},None,E1,["newborn","0-7d","crying"])
c("Legs quiver when nappy comes off","My 2 week old's legs go shaky whenever we undress him for a change. Little fast wobble. Stops when I wrap him back up.",
 {"age_days":14,"sex":"male"},
 {"body_parts":["left_leg","right_leg"],"speed":"fast_fine","states":["cold_or_undressed","handling_or_noise"],"stops_with_gentle_hold":"yes"},
 None,None,None,E1,["newborn","undressing"])
c("Arms fling out at a door bang","Every time the door slams or I put her down a bit fast she throws her arms and legs out and then shakes a little and cries. She's 5 weeks. It's over in a second or two.",
 {"age_days":35,"gestational_age_weeks":39},
 {"body_parts":["left_arm","right_arm","left_leg","right_leg"],"rhythmic":"no","typical_duration_s":2,"states":["handling_or_noise"],"provoked_by_stimulus":"yes","happening_now":"no"},
 None,None,None,"evidence.md 1.1 (startle / Moro)",["young-infant","startle"])
c("Jerks only while asleep, stops when picked up","At night my 3 week old does these jerks of his legs and arms, one after another, for a few minutes. Only when he's deeply asleep. If I pick him up and he wakes it stops at once and he's totally normal. Feeds great.",
 {"age_days":21,"gestational_age_weeks":40,"sex":"male"},
 {"body_parts":["left_leg","right_leg","left_arm","right_arm"],"rhythmic":"no","speed":"slow_jerky","typical_duration_s":60,"longest_duration_s":240,"episodes_per_day":2,"first_noticed_days_ago":10,"states":["asleep"],"only_in_sleep":"yes","stops_when_woken":"yes","stops_with_gentle_hold":"no","happening_now":"no"},
 None,None,None,SL,["newborn","sleep","tricky"])
c("Shivers after bath","Took her out of the bath (she's 7 months) and her legs and jaw were shivering, a bit of goosebumps. Warmed up in a towel and it stopped.",
 {"age_days":215,"sex":"female"},
 {"body_parts":["left_leg","right_leg","chin"],"speed":"fast_fine","states":["cold_or_undressed"],"typical_duration_s":60,"stops_with_gentle_hold":"unsure","happening_now":"no"},
 None,None,None,"evidence.md 1.1 (shivering)",["older-infant","cold"])
c("Shudders when eating puree","My 8 month old does this little shudder, like a shiver going through his head and arms, when he's excited about food in his highchair. A couple of seconds, he keeps smiling and looking at me, many times a day.",
 {"age_days":245,"sex":"male"},
 {"body_parts":["head","left_arm","right_arm","trunk"],"speed":"fast_fine","typical_duration_s":3,"episodes_per_day":10,"first_noticed_days_ago":30,"trend":"stable","states":["feeding","awake_calm"],"stops_with_distraction":"unsure","happening_now":"no"},
 None,None,None,SH,["older-infant","feeding","shuddering"])
c("Legs kick like mad when excited","She's 4 months and when she sees her dad she kicks both legs really hard and fast and squeals. My mum said it looked like shaking. She's happy and it stops when we pick her up.",
 {"age_days":125,"sex":"female"},
 {"body_parts":["left_leg","right_leg"],"rhythmic":"unsure","states":["awake_calm"],"stops_with_distraction":"yes","happening_now":"no"},
 None,None,None,"evidence.md 1.1 (excitement movements)",["infant","excitement"])
c("Chin trembles when upset, 6 weeks","His chin wobbles fast when he cries, and sometimes the legs too. Born on time. Putting a dummy in stops it.",
 {"age_days":42},
 {"body_parts":["chin","left_leg"],"speed":"fast_fine","states":["crying_or_upset"],"stops_with_distraction":"yes"},
 None,None,None,E1,["young-infant","chin"])
c("Jitters that have nearly gone","In the first week he'd shake his legs when crying, we were told it was normal. Now at 5 weeks it only happens now and then and is much less.",
 {"age_days":36,"gestational_age_weeks":39,"sex":"male"},
 {"body_parts":["left_leg","right_leg"],"speed":"fast_fine","trend":"improving","first_noticed_days_ago":33,"states":["crying_or_upset"],"stops_with_gentle_hold":"yes"},
 None,None,None,E1+"; "+AG,["young-infant","improving"])
c("Foot beats a few times when ankle is pushed up","The nurse showed me that if you push his foot up it bounces a few times, three or four beats then stops. He's 10 days old. I did it at home and it's the same, doesn't keep going.",
 {"age_days":10,"gestational_age_weeks":40},
 {"body_parts":["right_leg"],"rhythmic":"yes","typical_duration_s":2,"states":["handling_or_noise"],"provoked_by_stimulus":"yes","stops_with_gentle_hold":"yes"},
 None,None,None,"evidence.md 1.1, 1.3 (neonatal ankle clonus)",["newborn","clonus","tricky"])
c("Twitches as she falls asleep","Just as she drifts off, my 9 week old gives one big jerk of the legs and sometimes wakes herself. Once or twice a night.",
 {"age_days":63,"sex":"female"},
 {"body_parts":["left_leg","right_leg"],"rhythmic":"no","typical_duration_s":1,"episodes_per_day":2,"states":["drowsy"],"happening_now":"no"},
 None,None,None,"evidence.md 1.1 (hypnic jerks / sleep starts)",["infant","sleep"])
c("Leg shakes on the changing mat, app says tremor","2 weeks old, leg trembles when she's cross. I used the app video: it said about 7 per second.",
 {"age_days":16,"gestational_age_weeks":38},
 {"body_parts":["left_leg"],"rhythmic":"yes","speed":"fast_fine","states":["crying_or_upset"],"stops_with_gentle_hold":"yes","one_side_only":"unsure"},
 None,None,{"dominant_frequency_hz":7.1,"pattern":"tremor"},E1+"; evidence.md 1.4",["newborn","motion","tricky"])
c("Shaky after a huge cry, grandmother worried","He's 3 weeks and after screaming with wind his legs trembled for maybe 20 seconds. He looked at me the whole time. Feeding is fine. Not sure if it stops when I hold his leg, didn't try.",
 {"age_days":22,"sex":"male"},
 {"body_parts":["left_leg","right_leg"],"speed":"fast_fine","typical_duration_s":20,"states":["crying_or_upset"],"stops_with_gentle_hold":"unsure","happening_now":"no"},
 None,None,None,E1,["newborn","unsure"])
c("Rocks and stiffens legs in car seat, flushed","My 11 month old girl crosses her legs and squeezes, goes red and a bit sweaty and grunts, in her car seat. If I distract her with a toy she stops and is cross with me.",
 {"age_days":335,"sex":"female"},
 {"body_parts":["left_leg","right_leg","trunk"],"rhythmic":"unsure","typical_duration_s":120,"episodes_per_day":2,"states":["awake_calm","drowsy"],"stops_with_distraction":"yes","happening_now":"no"},
 ["sweating"],None,None,"evidence.md 1.3 (gratification behaviour); Yang et al. 2005, Pediatrics 116:1427, doi:10.1542/peds.2005-0532 (12 cases)",["older-infant","tricky"])
c("Quivery legs when hungry, 4 days, mum diabetic - glucose checked","I had diabetes in pregnancy. She's 4 days, legs quiver when she's hungry. Midwife checked sugar today, it was 3.4. She's feeding every 3 hours and stops shaking when I hold her.",
 {"age_days":4,"gestational_age_weeks":38,"birth_weight_g":4100,"history":["infant_of_diabetic_mother","large_for_gestational_age"]},
 {"body_parts":["left_leg","right_leg"],"speed":"fast_fine","states":["hungry"],"stops_with_gentle_hold":"yes","happening_now":"no"},
 None,{"blood_glucose_mmol_l":3.4},None,"evidence.md 2 (hypoglycaemia, infant of diabetic mother)",["newborn","vitals","tricky"])
c("Head bobs when concentrating","14 months, when he's building blocks his head does a little side-to-side wobble. Stops when he looks up at me. Walking and talking fine.",
 {"age_days":430,"sex":"male"},
 {"body_parts":["head"],"rhythmic":"yes","states":["awake_calm"],"stops_with_distraction":"yes","first_noticed_days_ago":20,"trend":"stable"},
 None,None,None,"evidence.md 1.3 (shuddering-type movements)",["toddler"])
c("Legs jump at every noise, 2 days","She's 2 days old in the hospital. Every noise her legs jump and tremble. Feeds well, midwife happy.",
 {"age_days":2,"gestational_age_weeks":41},
 {"body_parts":["left_leg","right_leg"],"speed":"fast_fine","states":["handling_or_noise"],"provoked_by_stimulus":"yes","stops_with_gentle_hold":"yes"},
 None,None,None,E1,["newborn","0-7d"])
# ---- routine-ish / within days
c("Still shaking legs at 4 months","He's 4 months. Since birth his legs shake when he's upset, it hasn't got any better. Stops if I hold them. He's smiling and rolling.",
 {"age_days":122,"gestational_age_weeks":40,"sex":"male"},
 {"body_parts":["left_leg","right_leg"],"speed":"fast_fine","trend":"stable","first_noticed_days_ago":115,"states":["crying_or_upset"],"stops_with_gentle_hold":"yes"},
 None,None,None,AG,["infant","persistent"])
c("Only the left leg trembles","For two weeks only her left leg shakes, never the right, when she cries. She's 7 weeks. Stops when held. Uses both legs fine I think.",
 {"age_days":49,"sex":"female"},
 {"body_parts":["left_leg"],"speed":"fast_fine","first_noticed_days_ago":14,"states":["crying_or_upset"],"stops_with_gentle_hold":"yes","one_side_only":"yes"},
 None,None,None,"evidence.md 3.6",["young-infant","one-side","tricky"])
c("Fists always clenched and legs tremble, 5 months","At 5 months she keeps her hands in tight fists all the time and her legs shake and feel stiff when I change her. Not rolling yet.",
 {"age_days":152,"gestational_age_weeks":36,"sex":"female"},
 {"body_parts":["left_leg","right_leg"],"states":["handling_or_noise"],"trend":"stable","first_noticed_days_ago":60},
 ["persistent_fisting","stiff_limbs","developmental_delay"],None,None,"evidence.md 2 (cerebral palsy early signs); Bosanquet et al. 2013, Dev Med Child Neurol 55:418 (early CP diagnosis)",["infant","development"])
c("Mum on sertraline, baby jittery at 2 weeks","I took sertraline through pregnancy. My 12 day old is jittery and startles a lot, legs tremble. Feeding a bit fussy but okay, not sure if it's getting better.",
 {"age_days":12,"gestational_age_weeks":39,"history":["maternal_antidepressant_use"]},
 {"body_parts":["left_leg","right_leg","left_arm","right_arm"],"speed":"fast_fine","trend":"stable","states":["handling_or_noise","crying_or_upset"],"stops_with_gentle_hold":"unsure"},
 ["irritability"],None,None,"evidence.md 2; Moses-Kolko et al. 2005, JAMA 293:2372 (neonatal signs after late in utero SSRI exposure)",["newborn","medication","unsure"])
c("Baby on a new medicine, trembling started","My 6 month old started on a reflux medicine 4 days ago (metoclopramide, the GP said). Since yesterday his arms and legs tremble and he's a bit twitchy.",
 {"age_days":185,"history":["infant_takes_medication"]},
 {"body_parts":["left_leg","right_leg","left_arm","right_arm"],"trend":"new","first_noticed_days_ago":1,"states":["awake_calm"]},
 ["irritability"],None,None,"evidence.md 2 (medication side effect); BNF for Children, metoclopramide extrapyramidal effects",["infant","medication"])
c("Tremor and not gaining weight, vegan mum","I'm vegan and breastfeeding only. She's 7 months and has started shaking her arms and legs, and she seems floppier and less chatty than before, weight has dropped centiles.",
 {"age_days":210,"sex":"female","history":["exclusively_breastfed_by_vegan_or_b12_deficient_mother"]},
 {"body_parts":["left_leg","right_leg","left_arm","right_arm"],"trend":"worsening","first_noticed_days_ago":14,"states":["awake_calm"]},
 ["poor_weight_gain","floppy","loss_of_skills"],None,None,B12,["older-infant","b12"])
c("Legs shaking and sweaty, mum has Graves","I have Graves disease. My 9 day old is sweaty, very jittery, feeding all the time but not putting on weight. Heart seems fast.",
 {"age_days":9,"history":["maternal_graves_disease"]},
 {"body_parts":["left_leg","right_leg","left_arm","right_arm"],"speed":"fast_fine","states":["awake_calm","crying_or_upset"]},
 ["sweating","irritability","poor_weight_gain"],{"heart_rate_bpm":195},None,"evidence.md 2 (neonatal thyrotoxicosis)",["newborn","vitals"])
c("Old house renovation, trembly and grumpy","We're renovating a 1920s house, he's 13 months and chews on windowsills. Past few weeks he's irritable, off food, and his hands and legs seem shaky.",
 {"age_days":395,"history":["lead_exposure_risk"]},
 {"body_parts":["left_leg","right_leg","left_arm","right_arm"],"trend":"worsening","first_noticed_days_ago":21},
 ["irritability","poor_feeding"],None,None,"evidence.md 2; CDC childhood lead poisoning prevention guidance",["toddler","exposure"])
c("Ex-prem, legs tremble at 2 months","Born at 31 weeks, now 2 months old (about 35 weeks corrected). Her legs tremble when she's handled or cries. Otherwise growing and feeding.",
 {"age_days":62,"gestational_age_weeks":31,"birth_weight_g":1550},
 {"body_parts":["left_leg","right_leg"],"speed":"fast_fine","states":["handling_or_noise","crying_or_upset"],"stops_with_gentle_hold":"yes","trend":"stable"},
 None,None,None,E1+"; "+AG,["preterm","corrected-age","tricky"])
c("Sitting baby stopped sitting, shaky hands","He was sitting at 7 months, now at 9 months he flops over and has a shaky tremor in hands and legs. Not babbling like before.",
 {"age_days":275,"sex":"male"},
 {"body_parts":["left_leg","right_leg","left_arm","right_arm"],"trend":"worsening","first_noticed_days_ago":30},
 ["loss_of_skills"],None,None,B12+"; evidence.md 5 (regression)",["older-infant","regression"])
c("Vomiting and runny poos, legs shaky","9 months, tummy bug for 2 days, lots of vomiting and diarrhoea. Today his legs look a bit trembly and he's sleepier, only 2 wet nappies today, no tears when crying.",
 {"age_days":270},
 {"body_parts":["left_leg","right_leg"],"trend":"new","first_noticed_days_ago":0,"stops_with_gentle_hold":"unsure"},
 ["vomiting","diarrhea","fewer_wet_diapers","no_tears"],{"wet_diapers_24h":2},None,DH,["older-infant","dehydration"])
c("Jerks cluster on waking, 5 months","After she wakes up from naps she does this thing where her head drops and arms fly up, then again, and again, maybe 10 times, a few seconds apart. She cries between. Started a week ago. Not sure if she's smiling less.",
 {"age_days":158,"sex":"female"},
 {"body_parts":["head","left_arm","right_arm","trunk"],"rhythmic":"no","speed":"slow_jerky","typical_duration_s":2,"longest_duration_s":120,"episodes_per_day":3,"first_noticed_days_ago":7,"trend":"new","states":["on_waking"],"comes_in_clusters":"yes","happening_now":"no"},
 ["spasm_clusters"],None,None,IS,["infant","spasms"])
c("Tummy crunches like colic, every morning","My 6 month old boy keeps bending forward suddenly, like a crunch, over and over when he wakes, I thought it was tummy pain. Parent forum said get it checked.",
 {"age_days":180,"sex":"male"},
 {"body_parts":["trunk","head"],"rhythmic":"no","states":["on_waking"],"comes_in_clusters":"unsure","trend":"stable","first_noticed_days_ago":14},
 None,None,None,IS+"; Auvin et al. 2012 (delay in diagnosis of infantile spasms)",["infant","spasms","unsure","tricky"])
c("Arching and stiffening after feeds","2 month old arches his back and turns his head to one side and goes stiff after feeds, sometimes a bit shaky. He spits up a lot. Awake, looking around.",
 {"age_days":60,"sex":"male"},
 {"body_parts":["trunk","head"],"states":["feeding"],"typical_duration_s":30,"episodes_per_day":5,"stops_with_distraction":"unsure","happening_now":"no"},
 ["vomiting"],None,None,"evidence.md 1.3 (Sandifer syndrome)",["young-infant","feeding","tricky"])
c("Whole body goes stiff when nose is tapped","My newborn goes rigid all over when we touch her nose or there's a noise, and her legs shake. Her uncle had the same as a baby.",
 {"age_days":8,"history":["family_history_seizures"]},
 {"body_parts":["whole_body","left_leg","right_leg"],"states":["handling_or_noise"],"provoked_by_stimulus":"yes"},
 ["stiffening_on_startle"],None,None,"evidence.md 1.3; Thomas & Chung 2013, GeneReviews: hereditary hyperekplexia",["newborn","hyperekplexia"])
c("Leg trembles since vaccines yesterday","She had her 8 week jabs yesterday. Last night and today she's been grizzly and her leg (the injected one) trembled a few times. Temp 38.0 last night, fine now.",
 {"age_days":57,"history":["recent_vaccination"]},
 {"body_parts":["left_leg"],"states":["crying_or_upset"],"one_side_only":"yes","stops_with_gentle_hold":"unsure"},
 ["irritability"],{"temperature_c":37.4,"temperature_site":"axillary"},None,"evidence.md 3.1; UK Green Book ch. 8 (vaccine reactions)",["young-infant","vaccination","unsure"])
c("Family tremor, 18 month old hands and legs shake holding cup","Dad and grandad have a shake. Our 18 month old has the same when she holds her cup or stands still, fine otherwise.",
 {"age_days":550,"history":["family_history_tremor"]},
 {"body_parts":["left_arm","right_arm","left_leg"],"rhythmic":"yes","speed":"fast_fine","trend":"stable","first_noticed_days_ago":90,"states":["awake_calm"]},
 None,None,None,"evidence.md 2 (familial / genetic tremor)",["toddler","family"])
c("Shaking legs since birth and behind on milestones","It was a hard delivery and she needed resuscitating. Now 10 months, not sitting, legs shake and go stiff.",
 {"age_days":300,"history":["perinatal_asphyxia","known_developmental_delay"]},
 {"body_parts":["left_leg","right_leg"],"trend":"stable","first_noticed_days_ago":200},
 ["stiff_limbs","developmental_delay"],None,None,"evidence.md 2 (HIE, CP)",["older-infant","known-history"])
# ---- same day / emergency-ish
c("Fit with a fever, over now","My 14 month old had a fever and suddenly went stiff and then all his arms and legs were jerking, eyes rolled back, about 2 minutes. He's now sleepy but crying and knows me. First time.",
 {"age_days":420,"sex":"male"},
 {"body_parts":["whole_body"],"rhythmic":"yes","typical_duration_s":120,"states":["awake_calm"],"happening_now":"no","trend":"new"},
 ["fever","eye_deviation_or_fixed_stare","unresponsive_during_episode","stiffening_whole_body"],{"temperature_c":39.4,"temperature_site":"ear"},None,FS,["toddler","febrile"])
c("Shaking now, won't stop, 6 minutes","Her legs and arms are jerking right now and she's not looking at me, it's been going about 6 minutes. She's 10 months.",
 {"age_days":305,"sex":"female"},
 {"body_parts":["left_leg","right_leg","left_arm","right_arm"],"rhythmic":"yes","speed":"slow_jerky","happening_now":"yes","minutes_so_far":6},
 ["unresponsive_during_episode"],None,None,SZ,["older-infant","in-progress"])
c("Leg jerking and chewing, newborn","My 5 day old's right leg keeps jerking slowly, and her mouth does chewing motions, holding the leg doesn't stop it. Happened three times today.",
 {"age_days":5,"sex":"female"},
 {"body_parts":["right_leg","face"],"rhythmic":"yes","speed":"slow_jerky","typical_duration_s":40,"episodes_per_day":3,"stops_with_gentle_hold":"no","one_side_only":"yes","happening_now":"no"},
 ["lip_smacking_or_chewing"],None,None,SZ,["newborn","0-7d"])
c("Shaking with a temperature, 6 weeks","He's 6 weeks, hot tonight, 38.4 under the arm, and his legs are trembly. Feeding less.",
 {"age_days":42,"sex":"male"},
 {"body_parts":["left_leg","right_leg"],"states":["awake_calm"],"trend":"new"},
 ["fever","poor_feeding"],{"temperature_c":38.4,"temperature_site":"axillary"},None,NG,["young-infant","fever"])
c("Cold and floppy and twitchy, 10 days","She's been sleepy all day and hard to wake for feeds, feels cold, and her legs twitch. 35.6 on the thermometer.",
 {"age_days":10,"history":["sepsis_risk_at_birth"]},
 {"body_parts":["left_leg","right_leg"],"trend":"new"},
 ["low_temperature","hard_to_wake","not_feeding_at_all"],{"temperature_c":35.6,"temperature_site":"axillary"},None,WHO,["newborn","infection"])
c("High-pitched cry, bulging soft spot and jerks","3 month old with fever, screaming high pitched, the soft spot looks puffy, and his legs jerked a few times.",
 {"age_days":95},
 {"body_parts":["left_leg","right_leg"],"rhythmic":"no","trend":"new"},
 ["fever","bulging_fontanelle","high_pitched_or_inconsolable_cry"],{"temperature_c":38.9,"temperature_site":"rectal"},None,MEN,["infant","meningitis"])
c("Withdrawal baby home, shaking worse","I was on methadone. He's 6 days, home from hospital two days. Tonight he's shaking constantly, screaming, sneezing, loose poos and won't settle to feed.",
 {"age_days":6,"gestational_age_weeks":38,"history":["maternal_opioid_use"]},
 {"body_parts":["whole_body"],"speed":"fast_fine","trend":"worsening","states":["awake_calm","crying_or_upset","asleep"],"stops_with_gentle_hold":"no"},
 ["high_pitched_or_inconsolable_cry","diarrhea","poor_feeding","interferes_with_sleep"],None,None,NAS,["newborn","withdrawal"])
c("Home birth, no vitamin K, 5 weeks, pale and jerking","We had a home birth and chose no vitamin K. She's 5 weeks, breastfed. Today pale, vomited twice, and her left arm and leg were jerking.",
 {"age_days":35,"history":[],"vitamin_k_at_birth":"no"},
 {"body_parts":["left_arm","left_leg"],"one_side_only":"yes","rhythmic":"yes","happening_now":"no","trend":"new"},
 ["pale_or_mottled","vomiting"],None,None,VK,["young-infant","vitamin-k"])
c("Fell off the bed, later shaking","He rolled off our bed onto a hard floor about 2 hours ago (7 months). He cried, now he's vomited twice and his legs shook for a minute.",
 {"age_days":212,"sex":"male"},
 {"body_parts":["left_leg","right_leg"],"typical_duration_s":60,"one_side_only":"unsure","happening_now":"no","trend":"new"},
 ["head_injury","vomiting"],None,None,"evidence.md 5; NICE NG232 (head injury, 2023)",["older-infant","injury"])
c("Bruises and jerks, partner says he fell","Mum here. The baby's 3 months. I found bruises on his cheek and he's been very sleepy and jerky this evening after his dad had him. His dad says he rolled off the sofa. Not himself.",
 {"age_days":90},
 {"body_parts":["left_arm","right_arm","left_leg","right_leg"],"rhythmic":"unsure","trend":"new"},
 ["bruising","hard_to_wake","irritability"],None,None,HT,["infant","safeguarding"])
c("Might have swallowed grandma's pills","Found my 16 month old with grandma's pill bottle open. Now his legs are shaking and he's drowsy.",
 {"age_days":485},
 {"body_parts":["left_leg","right_leg"],"rhythmic":"unsure","trend":"new","happening_now":"yes","minutes_so_far":5},
 ["possible_toxin_or_medicine_ingestion","hard_to_wake"],None,None,"evidence.md 5; poison centre guidance",["toddler","ingestion"])
c("Looked like a fit, now ok","My 7 month old had what looked like a fit in her cot, shaking, I think maybe 1 minute. No fever. She seems normal now.",
 {"age_days":215,"sex":"female"},
 {"body_parts":["whole_body"],"typical_duration_s":60,"one_side_only":"unsure","happening_now":"no","trend":"new"},
 ["looked_like_a_fit"],{"temperature_c":37.0,"temperature_site":"ear"},None,SZ+"; NICE NG217 (epilepsies, first seizure)",["older-infant","afebrile","tricky"])
c("Shaking and blue lips, 3 weeks","My 3 week old's legs were shaking and his lips went blue, he stopped breathing for a bit, maybe 15 seconds.",
 {"age_days":21},
 {"body_parts":["left_leg","right_leg"],"typical_duration_s":20,"happening_now":"no"},
 ["blue_or_grey_color","breathing_pause"],None,None,WHO+"; AAP 2016 BRUE guideline, Tieder et al., Pediatrics 137:e20160590",["newborn","breathing"])
c("Known epilepsy, usual seizure, stopped after 1 minute","Our 18 month old has epilepsy. He had his usual seizure this morning, 1 minute, stopped on its own, back to himself.",
 {"age_days":545,"history":["known_seizure_disorder"]},
 {"body_parts":["whole_body"],"typical_duration_s":60,"longest_duration_s":60,"happening_now":"no","trend":"stable"},
 ["looked_like_a_fit"],None,None,"NICE NG217; evidence.md 3.5",["toddler","known-history","tricky"])
c("Legs trembling, feeding poorly, sleepy, day 2","Day 2. She's been sleepy, not interested in feeds, and both legs keep trembling. I'm not sure about wet nappies. Small baby, 2.3kg.",
 {"age_days":2,"gestational_age_weeks":37,"birth_weight_g":2300,"history":["small_for_gestational_age"]},
 {"body_parts":["left_leg","right_leg"],"speed":"fast_fine","stops_with_gentle_hold":"unsure"},
 ["poor_feeding","hard_to_wake"],None,None,"evidence.md 2 (neonatal hypoglycaemia); BAPM 2017 framework, identification and management of neonatal hypoglycaemia",["newborn","0-7d","unsure"])
c("Yellow, sleepy and arching at 5 days","He's very yellow, hard to wake for feeds and sometimes arches back and his legs go stiff and shaky.",
 {"age_days":5,"gestational_age_weeks":37},
 {"body_parts":["left_leg","right_leg","trunk"],"trend":"worsening"},
 ["jaundice","hard_to_wake","poor_feeding","stiff_limbs"],None,None,"evidence.md 2; NICE CG98 (neonatal jaundice)",["newborn","jaundice"])
c("Fever and jerks of one side, 20 months","She had a temperature and jerked only her right arm and leg for about 20 minutes before it stopped. Now sleepy.",
 {"age_days":600,"sex":"female"},
 {"body_parts":["right_arm","right_leg"],"one_side_only":"yes","typical_duration_s":1200,"longest_duration_s":1200,"happening_now":"no"},
 ["fever","hard_to_wake"],{"temperature_c":39.0,"temperature_site":"ear"},None,FS,["toddler","febrile"])
c("Rash that doesn't fade and shaking, 11 months","Fever and shivering legs, and now there are little purple spots on his tummy that don't go when I press a glass.",
 {"age_days":330},
 {"body_parts":["left_leg","right_leg"],"speed":"fast_fine"},
 ["fever","non_blanching_rash"],None,None,MEN,["older-infant","rash"])
c("Rhythmic jerks of both legs, app says clonic, not stopping with hold","My 3 week old's legs jerk about twice a second, holding them doesn't stop it, for 30 seconds or so, four times today. Video app said clonic.",
 {"age_days":20},
 {"body_parts":["left_leg","right_leg"],"rhythmic":"yes","speed":"slow_jerky","typical_duration_s":30,"episodes_per_day":4,"stops_with_gentle_hold":"no","states":["awake_calm"],"happening_now":"no"},
 None,None,{"dominant_frequency_hz":2.0,"pattern":"clonic"},SZ+"; evidence.md 1.4",["newborn","motion"])
c("Shaking while asleep but also while awake? unsure","2 week old, jerks in sleep, I think also once when awake but he was half asleep. Didn't try waking him. Feeds fine.",
 {"age_days":15},
 {"body_parts":["left_leg","right_leg","left_arm"],"rhythmic":"no","states":["asleep","drowsy"],"only_in_sleep":"unsure","stops_when_woken":"unsure","happening_now":"no"},
 None,None,None,SL,["newborn","sleep","unsure","tricky"])
c("Eyes stuck to one side while legs shake","My 4 month old's legs were shaking and his eyes went to the side and stayed there, he didn't react to me for about a minute.",
 {"age_days":120},
 {"body_parts":["left_leg","right_leg"],"typical_duration_s":60,"happening_now":"no"},
 ["eye_deviation_or_fixed_stare","unresponsive_during_episode"],None,None,SZ,["infant","afebrile"])
c("Feverish, shivery, otherwise happy, 10 months","He's got a cold and 38.5, his legs shiver and teeth chatter when the fever's going up. After paracetamol he's playing and eating.",
 {"age_days":300,"sex":"male"},
 {"body_parts":["left_leg","right_leg","chin"],"speed":"fast_fine","states":["awake_calm"],"stops_with_distraction":"unsure"},
 ["fever"],{"temperature_c":38.5,"temperature_site":"ear"},None,NG+"; evidence.md 1.1 (rigors)",["older-infant","fever","tricky"])
c("Leg jerks, one side, not using that arm","Since yesterday my 6 month old isn't using his right hand and his right leg twitches now and then.",
 {"age_days":183},
 {"body_parts":["right_leg"],"one_side_only":"yes","rhythmic":"unsure","trend":"new","first_noticed_days_ago":1},
 ["not_using_one_side","weakness"],None,None,"evidence.md 5 (focal deficit); Mackay et al. 2011, paediatric arterial ischaemic stroke",["infant","focal"])
c("Twitchy legs after formula change, tingly?","We've been making up formula with extra water to make it last. He's 7 weeks, twitchy legs and irritable, sleepy.",
 {"age_days":49},
 {"body_parts":["left_leg","right_leg"],"rhythmic":"unsure","trend":"new"},
 ["irritability","hard_to_wake"],None,None,"evidence.md 2 (hyponatraemia from dilute formula); Keating et al. 1991, Am J Dis Child 145:985",["young-infant","metabolic","tricky"])
c("Jittery breastfed 3-week-old, mum took no vitamin D","Dark-skinned, exclusively breastfed 3 week old, I didn't take vitamin D. She keeps twitching and jittering, and once her legs jerked and she went stiff for a few seconds.",
 {"age_days":20,"sex":"female"},
 {"body_parts":["left_leg","right_leg","whole_body"],"speed":"unsure","typical_duration_s":5,"stops_with_gentle_hold":"unsure"},
 ["stiffening_whole_body","irritability"],None,None,"evidence.md 2 (hypocalcaemia); Thomas et al. 2012, late neonatal hypocalcaemia",["newborn","metabolic","unsure"])
import os
assert len(C)==60, len(C)
random.Random(20261203).shuffle(C)
os.makedirs("/work/blind3/cases",exist_ok=True)
for i,x in enumerate(C,1):
    x=dict(id="d%03d"%i,**x)
    json.dump(x,open("/work/blind3/cases/d%03d.json"%i,"w"),indent=2,ensure_ascii=False)
print(len(C))
